// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The key of a flow: source VNI, source and destination address, IP protocol and the transport part (ports, an ICMP
 * query identifier, or a summary of the packet embedded in an ICMP error), all in primitives.
 *
 * <p>Instances of this class are immutable; {@link MutableFlowKey} is the reusable key for look-ups (no object per
 * packet). Equality is strict and field-wise across both classes (a mutable probe equals the immutable key it was
 * copied from), and {@link #hash64()} mixes every compared field that can differ. See docs/deviations.md, "Flow key".
 *
 * <p>Packed words (used by the lock-free table and the off-heap backend):
 * <pre>
 *  word0:  0                   1                   2                   3
 *          0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *         +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *         |            source VNI (24 bits)               |   protocol    |   bits 63..32
 *         +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *         |   source port or ICMP identifier  |     destination port      |   bits 31..0
 *         +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  word1:  bits 63..48 zero | kind (3) | v6 (1) | inner kind (3) | inner v6 (1) | inner proto (8) |
 *          inner source port (16) | inner destination port (16)
 * </pre>
 * Addresses follow the shared conventions: an IPv4 address is held in the low 32 bits of {@code lo} with
 * {@code hi == 0}; an IPv6 address is {@code hi} (first 8 bytes) and {@code lo} (last 8 bytes).
 */
public class FlowKey
{
    /** Transport kind: TCP or UDP with a port pair. */
    public static final int KIND_PORTS = 0;
    /** Transport kind: ICMP echo request/reply, keyed by the identifier. */
    public static final int KIND_ICMP_QUERY = 1;
    /** Transport kind: ICMP destination-unreachable / time-exceeded carrying an embedded packet summary. */
    public static final int KIND_ICMP_ERROR = 2;
    /** Transport kind: any other ICMP message, or an embedded packet of an unsupported protocol. */
    public static final int KIND_ICMP_UNSUPPORTED = 3;
    /** Inner kind of a key without an embedded packet. */
    public static final int KIND_NONE = 4;

    static final long MIX = 0x9E3779B97F4A7C15L;
    /** IP protocol number of ICMP (IPv4). */
    private static final int ICMP = 1;

    int srcVni;
    int proto;
    int kind = KIND_PORTS;
    boolean ipv6;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int innerKind = KIND_NONE;
    int innerProto;
    boolean innerIpv6;
    long innerSrcHi;
    long innerSrcLo;
    long innerDstHi;
    long innerDstLo;
    int innerSrcPort;
    int innerDstPort;

    FlowKey()
    {
    }

    /**
     * An immutable copy of a key.
     *
     * @param other the key to copy (mutable or not).
     * @return a new immutable key equal to {@code other}.
     */
    public static FlowKey copyOf(final FlowKey other)
    {
        final FlowKey k = new FlowKey();
        k.copyFrom(other);
        return k;
    }

    final void copyFrom(final FlowKey o)
    {
        srcVni = o.srcVni;
        proto = o.proto;
        kind = o.kind;
        ipv6 = o.ipv6;
        srcHi = o.srcHi;
        srcLo = o.srcLo;
        dstHi = o.dstHi;
        dstLo = o.dstLo;
        srcPort = o.srcPort;
        dstPort = o.dstPort;
        innerKind = o.innerKind;
        innerProto = o.innerProto;
        innerIpv6 = o.innerIpv6;
        innerSrcHi = o.innerSrcHi;
        innerSrcLo = o.innerSrcLo;
        innerDstHi = o.innerDstHi;
        innerDstLo = o.innerDstLo;
        innerSrcPort = o.innerSrcPort;
        innerDstPort = o.innerDstPort;
    }

    /**
     * Writes the reverse of this key into {@code target}: addresses swapped, ports swapped (TCP/UDP), ICMP identifier
     * kept, embedded packet reversed, and the given source VNI installed.
     *
     * @param target    the key to overwrite (may be this key).
     * @param newSrcVni the reverse key's source VNI (normally the forward packet's destination VNI; 0 = none).
     * @return {@code target}.
     */
    public final MutableFlowKey reverseInto(final MutableFlowKey target, final int newSrcVni)
    {
        final long sHi = srcHi;
        final long sLo = srcLo;
        final int sPort = srcPort;
        final long iSHi = innerSrcHi;
        final long iSLo = innerSrcLo;
        final int iSPort = innerSrcPort;
        target.copyFrom(this);
        target.srcVni = newSrcVni;
        target.srcHi = dstHi;
        target.srcLo = dstLo;
        target.dstHi = sHi;
        target.dstLo = sLo;
        if (kind == KIND_PORTS)
        {
            target.srcPort = dstPort;
            target.dstPort = sPort;
        }
        if (innerKind != KIND_NONE)
        {
            target.innerSrcHi = innerDstHi;
            target.innerSrcLo = innerDstLo;
            target.innerDstHi = iSHi;
            target.innerDstLo = iSLo;
            if (innerKind == KIND_PORTS)
            {
                target.innerSrcPort = innerDstPort;
                target.innerDstPort = iSPort;
            }
        }
        return target;
    }

    /**
     * The reverse key as a new immutable key (allocates: for flow creation, not for look-ups).
     *
     * @param newSrcVni the reverse key's source VNI.
     * @return the reverse key.
     */
    public final FlowKey reverse(final int newSrcVni)
    {
        return copyOf(reverseInto(new MutableFlowKey(), newSrcVni));
    }

    /**
     * Packed word 0 (see the class diagram).
     *
     * @return source VNI, protocol and port pair.
     */
    public final long word0()
    {
        return ((long) (srcVni & 0xFF_FFFF) << 40) | ((long) (proto & 0xFF) << 32) |
            ((long) (srcPort & 0xFFFF) << 16) | (dstPort & 0xFFFF);
    }

    /**
     * Packed word 1 (see the class diagram).
     *
     * @return kinds, address families and the inner protocol and ports.
     */
    public final long word1()
    {
        return ((long) kind << 45) | ((ipv6 ? 1L : 0L) << 44) | ((long) innerKind << 41) |
            ((innerIpv6 ? 1L : 0L) << 40) | ((long) (innerProto & 0xFF) << 32) |
            ((long) (innerSrcPort & 0xFFFF) << 16) | (innerDstPort & 0xFFFF);
    }

    /**
     * Whether the key is fixed by {@link #word0()} and {@link #addressWord()} alone (docs/spec/flow-table.md section
     * 11.14, a "direct" key): IPv4 without an embedded packet, and a {@link #word1()} that is a function of the
     * protocol (ports for any protocol but ICMP, an ICMP query for ICMP, nothing else in it).
     *
     * @return true when two words hold the whole key.
     */
    public final boolean fitsTwoWords()
    {
        final int directKind = proto == ICMP ? KIND_ICMP_QUERY : KIND_PORTS;
        return !ipv6 && (srcLo >>> 32) == 0 && (dstLo >>> 32) == 0 && srcHi == 0 && dstHi == 0 &&
            word1() == (((long) directKind << 45) | ((long) KIND_NONE << 41));
    }

    /**
     * Both IPv4 addresses in one word: source in the high half, destination in the low half (a direct key's second
     * word, {@link #fitsTwoWords()}).
     *
     * @return the word.
     */
    public final long addressWord()
    {
        return (srcLo << 32) | (dstLo & 0xFFFF_FFFFL);
    }

    /**
     * A 64-bit digest of the embedded packet's addresses; 0 when there is none. Equal keys have equal digests; the
     * digest alone does not prove equality.
     *
     * @return the digest.
     */
    public final long innerAddressDigest()
    {
        if (innerKind == KIND_NONE)
        {
            return 0L;
        }
        return fmix((fmix(innerSrcHi) ^ innerSrcLo) * MIX + (fmix(innerDstHi * MIX) ^ innerDstLo));
    }

    /**
     * The key's 64-bit hash: every field that {@link #equals(Object)} compares and that can differ between two keys of
     * its kind is fed in, each step a multiply-xorshift, finished by the MurmurHash3 64-bit finaliser. An IPv4 key
     * without an embedded packet (a gateway's usual key) feeds word 0, {@link #addressWord()} and its kind: its other
     * fields are zero. Any other key feeds words 0 and 1, the four outer address words and the inner address digest.
     * Deterministic across runs.
     *
     * @return the hash.
     */
    public final long hash64()
    {
        if (!ipv6 && innerKind == KIND_NONE)
        {
            final long h = word0() * MIX;
            return fmix(((h ^ (h >>> 29) ^ addressWord()) * MIX) ^ kind);
        }
        long h = word0() * MIX;
        h = (h ^ (h >>> 29) ^ word1()) * MIX;
        h = (h ^ (h >>> 29) ^ srcHi) * MIX;
        h = (h ^ (h >>> 29) ^ srcLo) * MIX;
        h = (h ^ (h >>> 29) ^ dstHi) * MIX;
        h = (h ^ (h >>> 29) ^ dstLo) * MIX;
        h = (h ^ (h >>> 29) ^ innerAddressDigest()) * MIX;
        return fmix(h);
    }

    static long fmix(final long value)
    {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /**
     * Strict field-wise equality with any other key (mutable or immutable).
     *
     * @param other the other key.
     * @return true when every field is equal.
     */
    public final boolean equalsKey(final FlowKey other)
    {
        return srcLo == other.srcLo && dstLo == other.dstLo && word0() == other.word0() &&
            word1() == other.word1() && srcHi == other.srcHi && dstHi == other.dstHi &&
            innerSrcHi == other.innerSrcHi && innerSrcLo == other.innerSrcLo &&
            innerDstHi == other.innerDstHi && innerDstLo == other.innerDstLo;
    }

    /**
     * Whether the packed words match this key's (the in-slot comparison of the lock-free table).
     *
     * @param w0     word 0.
     * @param w1     word 1.
     * @param sHi    source address, high word.
     * @param sLo    source address, low word.
     * @param dHi    destination address, high word.
     * @param dLo    destination address, low word.
     * @param digest the inner address digest.
     * @return true when all words match; for a key with an embedded packet, equality still needs
     *     {@link #equalsKey(FlowKey)}.
     */
    final boolean matchesWords(
        final long w0, final long w1, final long sHi, final long sLo, final long dHi, final long dLo, final long digest)
    {
        return sLo == srcLo && dLo == dstLo && w0 == word0() && w1 == word1() && sHi == srcHi && dHi == dstHi &&
            digest == innerAddressDigest();
    }

    /** {@inheritDoc} */
    @Override
    public final boolean equals(final Object obj)
    {
        return obj instanceof FlowKey && equalsKey((FlowKey) obj);
    }

    /** {@inheritDoc} */
    @Override
    public final int hashCode()
    {
        final long h = hash64();
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The source VNI.
     *
     * @return 1..16777215, or 0 for none.
     */
    public final int srcVni()
    {
        return srcVni;
    }

    /**
     * The IP protocol (IANA number).
     *
     * @return the protocol.
     */
    public final int proto()
    {
        return proto;
    }

    /**
     * The transport kind.
     *
     * @return one of the {@code KIND_*} constants.
     */
    public final int kind()
    {
        return kind;
    }

    /**
     * Whether the outer addresses are IPv6.
     *
     * @return true for IPv6.
     */
    public final boolean ipv6()
    {
        return ipv6;
    }

    /**
     * High word of the source address (0 for IPv4).
     *
     * @return the word.
     */
    public final long srcHi()
    {
        return srcHi;
    }

    /**
     * Low word of the source address (the IPv4 address in the low 32 bits).
     *
     * @return the word.
     */
    public final long srcLo()
    {
        return srcLo;
    }

    /**
     * High word of the destination address (0 for IPv4).
     *
     * @return the word.
     */
    public final long dstHi()
    {
        return dstHi;
    }

    /**
     * Low word of the destination address.
     *
     * @return the word.
     */
    public final long dstLo()
    {
        return dstLo;
    }

    /**
     * Source port (TCP/UDP) or ICMP identifier (query); 0 otherwise.
     *
     * @return the port.
     */
    public final int srcPort()
    {
        return srcPort;
    }

    /**
     * Destination port (TCP/UDP); 0 otherwise.
     *
     * @return the port.
     */
    public final int dstPort()
    {
        return dstPort;
    }

    /**
     * Kind of the embedded packet of an ICMP error key.
     *
     * @return a {@code KIND_*} constant; {@link #KIND_NONE} when there is none.
     */
    public final int innerKind()
    {
        return innerKind;
    }

    /** {@inheritDoc} */
    @Override
    public final String toString()
    {
        return "FlowKey{vni=" + srcVni + ", proto=" + proto + ", kind=" + kind + ", v6=" + ipv6 +
            ", src=" + Long.toHexString(srcHi) + ':' + Long.toHexString(srcLo) +
            ", dst=" + Long.toHexString(dstHi) + ':' + Long.toHexString(dstLo) +
            ", ports=" + srcPort + '/' + dstPort + ", inner=" + innerKind + '}';
    }
}
