// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.concurrent.locks.StampedLock;

/**
 * The reference's per-packet pattern at the seed: the status is loaded again at each check, and the destination
 * VNI and the NAT states are read under separate read-lock acquisitions, in the bypass and again in the
 * MultipleMatches flow path.
 */
final class MultiLockReader extends FlowInfoReader
{
    MultiLockReader(final SyncCounter counter)
    {
        super(counter);
    }

    @Override
    public boolean tryBypass()
    {
        final FlowInfo f = flow;
        if (f == null)
        {
            return false;
        }
        counter.statusLoad();
        if (!f.isActive())
        {
            return false;
        }
        counter.genidLoad();
        if (f.genid() < pipelineGenid)
        {
            return false;
        }
        final int dst = readDstVni(f);
        readStates(f);
        if (!validState())
        {
            return false;
        }
        dstVni = dst;
        return true;
    }

    @Override
    public boolean hasActiveFlow()
    {
        final FlowInfo f = flow;
        if (f == null)
        {
            return false;
        }
        counter.statusLoad();
        return f.isActive();
    }

    @Override
    public int multiMatch()
    {
        final FlowInfo f = flow;
        if (f == null)
        {
            return MM_NO_ACTIVE_FLOW;
        }
        counter.statusLoad();
        if (!f.isActive())
        {
            return MM_NO_ACTIVE_FLOW;
        }
        dstVni = readDstVni(f);
        if (dstVni == 0)
        {
            return MM_UNROUTABLE;
        }
        readStates(f);
        return multiMatchResult();
    }

    private int readDstVni(final FlowInfo f)
    {
        final StampedLock lock = f.lock;
        counter.lockAcquire();
        final long stamp = lock.readLock();
        try
        {
            return f.dstVni;
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    private void readStates(final FlowInfo f)
    {
        final StampedLock lock = f.lock;
        counter.lockAcquire();
        final long stamp = lock.readLock();
        try
        {
            hasNat = f.natState != null;
            hasPortFw = f.portFwState != null;
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }
}
