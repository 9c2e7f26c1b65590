// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm.trie;

import dev.flowgate.lpm.Prefix;

import java.util.Arrays;

/**
 * Many longest-prefix-match tries flattened into one {@code int[]} pool: multibit tries with leaf pushing
 * (controlled prefix expansion), so a lookup is a chain of dependent array loads, one per level, and allocates
 * nothing.
 *
 * <p>Layout: a node of stride {@code s} is {@code 2^s} consecutive slots of the pool. A slot {@code >= 0} is a
 * leaf and holds the value of the longest prefix covering that slot's address range (or the trie's empty value);
 * a slot {@code < 0} points to the child node at pool offset {@code ~slot}. Each trie has a {@link Shape}: the
 * stride of its root and of every other level; all shapes cut the address at multiples of 4 bits, so an IPv6
 * stride never straddles the two 64-bit halves. A trie handle packs the root offset and the shape:
 * {@code offset << 2 | shape}.
 *
 * <pre>
 *   FOUR:       4-4-4-...        (16-slot nodes: small tries, little memory)
 *   EIGHT:      8-8-8-...        (IPv4 in at most 4 loads)
 *   SIXTEEN:    16-8-8-...       (IPv4 DIR-16-8-8: /1../24 in at most 2 loads, for large tables)
 * </pre>
 */
public final class MultibitTries
{
    /** The stride schedule of a trie. */
    public enum Shape
    {
        /** 4-bit strides. */
        FOUR(4, 4),
        /** 8-bit strides. */
        EIGHT(8, 8),
        /** A 16-bit root, then 8-bit strides. */
        SIXTEEN(16, 8);

        private final int first;
        private final int rest;

        Shape(final int first, final int rest)
        {
            this.first = first;
            this.rest = rest;
        }

        /**
         * @return the root stride in bits.
         */
        public int first()
        {
            return first;
        }

        /**
         * @return the stride of every other level in bits.
         */
        public int rest()
        {
            return rest;
        }

        /**
         * A reasonable shape for a number of prefixes: memory for few, speed for many.
         *
         * @param prefixCount the number of prefixes of one family in the trie.
         * @return FOUR below 16, EIGHT below 4096, SIXTEEN from 4096.
         */
        public static Shape forCount(final int prefixCount)
        {
            if (prefixCount < 16)
            {
                return FOUR;
            }
            return prefixCount < 4096 ? EIGHT : SIXTEEN;
        }
    }

    private static final int SHAPE_BITS = 2;
    private static final int SHAPE_MASK = 3;
    private static final int SHAPE_FOUR = 0;
    private static final int SHAPE_EIGHT = 1;

    private final int[] pool;

    private MultibitTries(final int[] pool)
    {
        this.pool = pool;
    }

    /**
     * @return a builder with an empty pool.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the size of the pool in bytes (the slots; excludes the array header).
     */
    public long poolBytes()
    {
        return (long) pool.length * Integer.BYTES;
    }

    /**
     * Longest-prefix match of an IPv4 address. Allocation-free.
     *
     * @param trie    a handle from {@link Builder#add}.
     * @param address the address, network order read as a big-endian int.
     * @return the leaf value: the value of the longest prefix containing the address, or the empty value.
     */
    public int lookup4(final int trie, final int address)
    {
        final int[] slots = pool;
        final int shape = trie & SHAPE_MASK;
        int node = trie >>> SHAPE_BITS;
        int slot;
        if (shape == SHAPE_FOUR)
        {
            int consumed = 4;
            slot = slots[node + (address >>> 28)];
            while (slot < 0)
            {
                node = ~slot;
                slot = slots[node + ((address << consumed) >>> 28)];
                consumed += 4;
            }
            return slot;
        }
        int consumed;
        if (shape == SHAPE_EIGHT)
        {
            slot = slots[node + (address >>> 24)];
            consumed = 8;
        }
        else
        {
            slot = slots[node + (address >>> 16)];
            consumed = 16;
        }
        while (slot < 0)
        {
            node = ~slot;
            slot = slots[node + ((address << consumed) >>> 24)];
            consumed += 8;
        }
        return slot;
    }

    /**
     * Longest-prefix match of an IPv6 address. Allocation-free.
     *
     * @param trie a handle from {@link Builder#add}.
     * @param hi   the first 8 bytes of the address.
     * @param lo   the last 8 bytes.
     * @return the leaf value.
     */
    public int lookup6(final int trie, final long hi, final long lo)
    {
        final int[] slots = pool;
        final int shape = trie & SHAPE_MASK;
        final int first = shape == SHAPE_FOUR ? 4 : shape == SHAPE_EIGHT ? 8 : 16;
        final int rest = shape == SHAPE_FOUR ? 4 : 8;
        int node = trie >>> SHAPE_BITS;
        int slot = slots[node + (int) (hi >>> (64 - first))];
        int consumed = first;
        while (slot < 0)
        {
            node = ~slot;
            final long word = consumed < 64 ? hi << consumed : lo << (consumed - 64);
            slot = slots[node + (int) (word >>> (64 - rest))];
            consumed += rest;
        }
        return slot;
    }

    /**
     * Appends tries to one pool.
     */
    public static final class Builder
    {
        private int[] pool = new int[1024];
        private int size;

        private Builder()
        {
        }

        /**
         * Adds one trie. Prefixes of the other family than {@code ipv6} are rejected.
         *
         * @param ipv6       the family of every prefix.
         * @param shape      the stride schedule.
         * @param prefixes   distinct prefixes.
         * @param values     their values, each {@code >= 0}.
         * @param emptyValue the value of addresses no prefix covers, {@code >= 0}.
         * @return the trie's handle.
         */
        public int add(
            final boolean ipv6, final Shape shape, final Prefix[] prefixes, final int[] values, final int emptyValue)
        {
            if (prefixes.length != values.length || emptyValue < 0)
            {
                throw new IllegalArgumentException("prefixes and values differ in length, or negative empty value");
            }
            final Integer[] order = new Integer[prefixes.length];
            for (int i = 0; i < order.length; i++)
            {
                order[i] = i;
                if (prefixes[i].isIpv6() != ipv6 || values[i] < 0)
                {
                    throw new IllegalArgumentException("wrong family or negative value for " + prefixes[i]);
                }
            }
            // Shorter prefixes first: a longer one then overwrites the slots it owns, and children inherit.
            Arrays.sort(order, (a, b) -> Integer.compare(prefixes[a].length(), prefixes[b].length()));
            final int root = allocate(shape.first(), emptyValue);
            for (final Integer index : order)
            {
                insert(root, shape, prefixes[index], values[index]);
            }
            return root << SHAPE_BITS | shape.ordinal();
        }

        private int allocate(final int stride, final int fill)
        {
            final int count = 1 << stride;
            if (size + count > pool.length)
            {
                final long grown = Math.max((long) pool.length * 2, (long) size + count);
                if (grown > Integer.MAX_VALUE >>> SHAPE_BITS)
                {
                    throw new IllegalStateException("trie pool exceeds " + (Integer.MAX_VALUE >>> SHAPE_BITS));
                }
                pool = Arrays.copyOf(pool, (int) grown);
            }
            final int offset = size;
            Arrays.fill(pool, offset, offset + count, fill);
            size += count;
            return offset;
        }

        private static int bits(final Prefix prefix, final int consumed, final int stride)
        {
            final long word = consumed < 64 ? prefix.hi() << consumed : prefix.lo() << (consumed - 64);
            return (int) (word >>> (64 - stride));
        }

        private void insert(final int root, final Shape shape, final Prefix prefix, final int value)
        {
            final int length = prefix.length();
            int node = root;
            int consumed = 0;
            int stride = shape.first();
            while (length > consumed + stride)
            {
                final int index = node + bits(prefix, consumed, stride);
                final int slot = pool[index];
                if (slot >= 0)
                {
                    final int child = allocate(shape.rest(), slot);
                    pool[index] = ~child;
                    node = child;
                }
                else
                {
                    node = ~slot;
                }
                consumed += stride;
                stride = shape.rest();
            }
            final int base = node + bits(prefix, consumed, stride);
            final int count = 1 << (consumed + stride - length);
            for (int i = base; i < base + count; i++)
            {
                if (pool[i] < 0)
                {
                    throw new IllegalStateException("prefix " + prefix + " inserted out of length order");
                }
                pool[i] = value;
            }
        }

        /**
         * @return the tries; the builder must not be used afterwards.
         */
        public MultibitTries build()
        {
            return new MultibitTries(Arrays.copyOf(pool, size));
        }
    }
}
