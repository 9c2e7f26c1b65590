// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.concurrent.locks.ReentrantReadWriteLock;

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
        final ReentrantReadWriteLock.ReadLock lock = f.rwLock.readLock();
        counter.lockAcquire();
        lock.lock();
        try
        {
            dstVni = f.dstVni;
            hasNat = f.natState != null;
            hasPortFw = f.portFwState != null;
        }
        finally
        {
            lock.unlock();
        }
    }
}
