// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.concurrent.locks.StampedLock;

/**
 * {@link FlowInfoAccess#OPTIMISTIC}: the copy is taken by a {@link StampedLock} optimistic read and validated; if a
 * writer intervened (or held the lock), it is taken again under the read lock (counted as a lock acquisition).
 */
final class OptimisticReader extends LazyFlowInfoReader
{
    OptimisticReader(final SyncCounter counter)
    {
        super(counter);
    }

    @Override
    void capture(final FlowInfo f)
    {
        final StampedLock lock = f.lock;
        final long stamp = lock.tryOptimisticRead();
        if (stamp != 0L)
        {
            final int dst = f.dstVni;
            final boolean nat = f.natState != null;
            final boolean pf = f.portFwState != null;
            if (lock.validate(stamp))
            {
                dstVni = dst;
                hasNat = nat;
                hasPortFw = pf;
                return;
            }
        }
        counter.lockAcquire();
        final long readStamp = lock.readLock();
        try
        {
            dstVni = f.dstVni;
            hasNat = f.natState != null;
            hasPortFw = f.portFwState != null;
        }
        finally
        {
            lock.unlockRead(readStamp);
        }
    }
}
