// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.concurrent.locks.StampedLock;

/**
 * {@link FlowInfoAccess#SINGLE_LOCK}: the copy is taken under one read-lock acquisition.
 */
final class SingleLockReader extends LazyFlowInfoReader
{
    SingleLockReader(final SyncCounter counter)
    {
        super(counter);
    }

    @Override
    void capture(final FlowInfo f)
    {
        final StampedLock lock = f.lock;
        counter.lockAcquire();
        final long stamp = lock.readLock();
        try
        {
            dstVni = f.dstVni;
            hasNat = f.natState != null;
            hasPortFw = f.portFwState != null;
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }
}
