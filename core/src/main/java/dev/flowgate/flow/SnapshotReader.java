// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * {@link FlowInfoAccess#SNAPSHOT}: the copy is one acquire load of the flow's immutable {@link FlowLockedState}.
 */
final class SnapshotReader extends LazyFlowInfoReader
{
    SnapshotReader(final SyncCounter counter)
    {
        super(counter);
    }

    @Override
    void capture(final FlowInfo f)
    {
        final FlowLockedState s = f.laSnapshot();
        dstVni = s.dstVni();
        hasNat = s.natState() != null;
        hasPortFw = s.portFwState() != null;
    }
}
