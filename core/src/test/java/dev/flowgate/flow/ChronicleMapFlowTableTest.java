// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

class ChronicleMapFlowTableTest extends FlowTableContractTest
{
    @Override
    FlowTableKind kind()
    {
        return FlowTableKind.CHRONICLE_MAP;
    }
}
