// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * One public (or, for destination masquerade, private) address in use by a masquerade pool, for one protocol class:
 * 256 blocks of 256 ports, block {@code i} covering ports {@code perm[i] * 256 ..+255} (the permutation is shuffled
 * once per address, identity in deterministic mode). Each block has a 256-bit bitmap of ports in use; a worker takes
 * ports from its own current block, lowest clear bit first, and claims a new block (cyclic scan from the shared
 * cursor) when it has none or it is full. Port 0 is never handed out for TCP/UDP; reserved ports (port-forwarding
 * overlap) are pre-set. Releasing a port clears its bit (quirk 2 fixed); a block whose last port is released is free
 * again, and the address is released when its last port is. Guarded by the allocator's monitor.
 */
final class MasqueradeIp
{
    static final int BLOCKS = 256;
    static final int BLOCK_SIZE = 256;

    /** This object's index in the allocator (its ledger value and the sessions' reference to it). */
    final int index;
    long scopeId;
    long hi;
    long lo;
    boolean icmp;
    MasqueradePool owner;
    int offset;
    private final int[] perm = new int[BLOCKS];
    private final long[] bits = new long[BLOCKS * 4];
    private final int[] used = new int[BLOCKS];
    private final int[] capacity = new int[BLOCKS];
    private final boolean[] claimed = new boolean[BLOCKS];
    private final int[] current;
    private List<PrefixWithOptionalPorts> reserved;
    private int cursor;
    private int usableBlocks = BLOCKS;
    private int freeInClaimed;
    private int livePorts;

    /**
     * An address object; {@link #reset} makes it an address in use.
     *
     * @param index   its index in the allocator.
     * @param workers the number of workers.
     */
    MasqueradeIp(final int index, final int workers)
    {
        this.index = index;
        this.current = new int[workers];
    }

    /**
     * (Re-)initialises this object as a freshly drawn address with no port in use (a released address object is
     * reused for the next address drawn, docs/spec/nat.md section 2.10): the same state, and the same draws from
     * {@code shuffle}, as a new object.
     */
    void reset(
        final long newScopeId, final long newHi, final long newLo, final boolean newIcmp,
        final List<PrefixWithOptionalPorts> newReserved, final Random shuffle)
    {
        this.scopeId = newScopeId;
        this.hi = newHi;
        this.lo = newLo;
        this.icmp = newIcmp;
        this.reserved = newReserved;
        this.owner = null;
        this.offset = 0;
        Arrays.fill(current, -1);
        Arrays.fill(claimed, false);
        cursor = 0;
        usableBlocks = BLOCKS;
        freeInClaimed = 0;
        livePorts = 0;
        for (int i = 0; i < BLOCKS; i++)
        {
            perm[i] = i;
        }
        if (shuffle != null)
        {
            for (int i = BLOCKS - 1; i > 0; i--)
            {
                final int j = shuffle.nextInt(i + 1);
                final int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
        }
    }

    boolean hasFreePorts()
    {
        return usableBlocks > 0 || freeInClaimed > 0;
    }

    int livePorts()
    {
        return livePorts;
    }

    /**
     * A port for this worker.
     *
     * @return the port, or {@link MasqueradeAllocator#NO_PORT_BLOCK}.
     */
    int allocate(final int worker)
    {
        final int b = current[worker];
        if (b >= 0 && claimed[b] && used[b] < capacity[b])
        {
            return take(b);
        }
        for (int k = 0; k < BLOCKS; k++)
        {
            final int idx = (cursor + k) & (BLOCKS - 1);
            if (!claimed[idx] && claim(idx))
            {
                current[worker] = idx;
                cursor = idx;
                return take(idx);
            }
        }
        // No free block: adopt a claimed block with released ports (quirk 2 fixed: freed ports are usable again).
        for (int idx = 0; idx < BLOCKS; idx++)
        {
            if (claimed[idx] && used[idx] < capacity[idx])
            {
                current[worker] = idx;
                return take(idx);
            }
        }
        return MasqueradeAllocator.NO_PORT_BLOCK;
    }

    private boolean claim(final int idx)
    {
        final int base = perm[idx] * BLOCK_SIZE;
        final int w = idx * 4;
        bits[w] = 0;
        bits[w + 1] = 0;
        bits[w + 2] = 0;
        bits[w + 3] = 0;
        int preset = 0;
        if (base == 0 && !icmp)
        {
            bits[w] = 1L;
            preset = 1;
        }
        for (int k = 0; k < reserved.size(); k++) // indexed: an iterator is not always scalar-replaced
        {
            final PrefixWithOptionalPorts r = reserved.get(k);
            if (r.prefix().isIpv6() ? r.prefix().contains6(hi, lo) : r.prefix().contains4((int) lo))
            {
                final int from = Math.max(base, r.effectivePorts().start());
                final int to = Math.min(base + BLOCK_SIZE - 1, r.effectivePorts().end());
                for (int port = from; port <= to; port++)
                {
                    final int bit = port - base;
                    if ((bits[w + (bit >>> 6)] & (1L << bit)) == 0)
                    {
                        bits[w + (bit >>> 6)] |= 1L << bit;
                        preset++;
                    }
                }
            }
        }
        if (preset == BLOCK_SIZE)
        {
            return false; // wholly reserved: never claimed
        }
        claimed[idx] = true;
        used[idx] = 0;
        capacity[idx] = BLOCK_SIZE - preset;
        usableBlocks--;
        freeInClaimed += capacity[idx];
        return true;
    }

    private int take(final int idx)
    {
        final int w = idx * 4;
        for (int word = 0; word < 4; word++)
        {
            final long v = bits[w + word];
            if (v != -1L)
            {
                final int bit = Long.numberOfTrailingZeros(~v);
                bits[w + word] = v | (1L << bit);
                used[idx]++;
                freeInClaimed--;
                livePorts++;
                return perm[idx] * BLOCK_SIZE + word * 64 + bit;
            }
        }
        throw new IllegalStateException("block " + idx + " full although counted free");
    }

    /**
     * Releases one port.
     *
     * @return true when the address has no port in use any more.
     */
    boolean release(final int port)
    {
        final int base = port & ~(BLOCK_SIZE - 1);
        int idx = -1;
        for (int i = 0; i < BLOCKS; i++)
        {
            if (perm[i] * BLOCK_SIZE == base)
            {
                idx = i;
                break;
            }
        }
        final int bit = port - base;
        final int slot = idx * 4 + (bit >>> 6);
        if (idx < 0 || !claimed[idx] || (bits[slot] & (1L << bit)) == 0)
        {
            throw new IllegalStateException("release of port " + port + " not in use");
        }
        bits[slot] &= ~(1L << bit);
        used[idx]--;
        freeInClaimed++;
        livePorts--;
        if (used[idx] == 0)
        {
            claimed[idx] = false;
            freeInClaimed -= capacity[idx];
            usableBlocks++;
            for (int i = 0; i < current.length; i++)
            {
                if (current[i] == idx)
                {
                    current[i] = -1;
                }
            }
        }
        return livePorts == 0;
    }

    boolean isInUse(final int port)
    {
        final int base = port & ~(BLOCK_SIZE - 1);
        for (int i = 0; i < BLOCKS; i++)
        {
            if (perm[i] * BLOCK_SIZE == base)
            {
                final int bit = port - base;
                return claimed[i] && (bits[i * 4 + (bit >>> 6)] & (1L << bit)) != 0;
            }
        }
        return false;
    }
}
