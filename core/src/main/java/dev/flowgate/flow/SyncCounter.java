// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * Receives the synchronisation events of a {@link FlowInfoReader}. {@link #OFF} is a no-op; with only it loaded the
 * JIT inlines the empty calls away (class-hierarchy analysis sees one implementation), so counting costs nothing
 * when off. {@link CountingSyncCounter} records the events.
 */
public interface SyncCounter
{
    /** The no-op counter. */
    SyncCounter OFF = new NoSyncCounter();

    /** A packet starts (counts of the previous packet are final). */
    void packet();

    /** One atomic load of a flow's status. */
    void statusLoad();

    /** One atomic load of a flow's genid. */
    void genidLoad();

    /** One read-lock acquisition on a flow's locked part. */
    void lockAcquire();

    /** One final write: a genid-pair store or an invalidate-pair. */
    void write();
}
