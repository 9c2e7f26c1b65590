// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

class ShardedLockedFlowTableTest extends FlowTableContractTest
{
    @Override
    FlowTableKind kind()
    {
        return FlowTableKind.SHARDED_LOCKED;
    }
}
