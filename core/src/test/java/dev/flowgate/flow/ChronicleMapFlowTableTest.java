// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChronicleMapFlowTableTest extends FlowTableContractTest
{
    @Override
    FlowTableKind kind()
    {
        return FlowTableKind.CHRONICLE_MAP;
    }

    @Test
    void shouldNameTheFirstPackageNotOpenToTheCaller()
    {
        // The tests run with the project's flags: everything is open to the class path.
        assertNull(ChronicleMapFlowTable.missingOpening(ChronicleMapFlowTable.class.getModule()));
        // A module the flags do not open java.base to: what a raw JMH run's class path sees without them.
        assertEquals("java.base/java.nio", ChronicleMapFlowTable.missingOpening(Logger.class.getModule()));
    }
}
