// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * Counts a reader's synchronisation per packet and in total (single-threaded: one per worker; {@code --sync-stats}).
 * Per-packet counts are those of the current packet, reset by {@link #packet()}.
 */
public final class CountingSyncCounter implements SyncCounter
{
    private long packets;
    private long statusLoads;
    private long genidLoads;
    private long locks;
    private long writes;
    private int packetStatusLoads;
    private int packetGenidLoads;
    private int packetLocks;
    private int packetWrites;
    private int maxPacketStatusLoads;
    private int maxPacketGenidLoads;
    private int maxPacketLocks;

    /** {@inheritDoc} */
    @Override
    public void packet()
    {
        packets++;
        packetStatusLoads = 0;
        packetGenidLoads = 0;
        packetLocks = 0;
        packetWrites = 0;
    }

    /** {@inheritDoc} */
    @Override
    public void statusLoad()
    {
        statusLoads++;
        maxPacketStatusLoads = Math.max(maxPacketStatusLoads, ++packetStatusLoads);
    }

    /** {@inheritDoc} */
    @Override
    public void genidLoad()
    {
        genidLoads++;
        maxPacketGenidLoads = Math.max(maxPacketGenidLoads, ++packetGenidLoads);
    }

    /** {@inheritDoc} */
    @Override
    public void lockAcquire()
    {
        locks++;
        maxPacketLocks = Math.max(maxPacketLocks, ++packetLocks);
    }

    /** {@inheritDoc} */
    @Override
    public void write()
    {
        writes++;
        packetWrites++;
    }

    /**
     * Status loads of the current packet.
     *
     * @return S.
     */
    public int packetStatusLoads()
    {
        return packetStatusLoads;
    }

    /**
     * Genid loads of the current packet.
     *
     * @return Gl.
     */
    public int packetGenidLoads()
    {
        return packetGenidLoads;
    }

    /**
     * Read-lock acquisitions of the current packet.
     *
     * @return L.
     */
    public int packetLocks()
    {
        return packetLocks;
    }

    /**
     * Final writes of the current packet.
     *
     * @return W.
     */
    public int packetWrites()
    {
        return packetWrites;
    }

    /**
     * Packets seen.
     *
     * @return the count.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * Total status loads.
     *
     * @return the count.
     */
    public long statusLoads()
    {
        return statusLoads;
    }

    /**
     * Total genid loads.
     *
     * @return the count.
     */
    public long genidLoads()
    {
        return genidLoads;
    }

    /**
     * Total read-lock acquisitions.
     *
     * @return the count.
     */
    public long locks()
    {
        return locks;
    }

    /**
     * Total final writes.
     *
     * @return the count.
     */
    public long writes()
    {
        return writes;
    }

    /**
     * Highest status loads seen in one packet.
     *
     * @return the maximum.
     */
    public int maxPacketStatusLoads()
    {
        return maxPacketStatusLoads;
    }

    /**
     * Highest genid loads seen in one packet.
     *
     * @return the maximum.
     */
    public int maxPacketGenidLoads()
    {
        return maxPacketGenidLoads;
    }

    /**
     * Highest lock acquisitions seen in one packet.
     *
     * @return the maximum.
     */
    public int maxPacketLocks()
    {
        return maxPacketLocks;
    }
}
