// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The counter that counts nothing ({@link SyncCounter#OFF}).
 */
final class NoSyncCounter implements SyncCounter
{
    @Override
    public void packet()
    {
    }

    @Override
    public void statusLoad()
    {
    }

    @Override
    public void genidLoad()
    {
    }

    @Override
    public void lockAcquire()
    {
    }

    @Override
    public void write()
    {
    }
}
