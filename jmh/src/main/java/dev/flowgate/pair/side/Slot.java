// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair.side;

import java.lang.invoke.MethodHandle;

/**
 * Hands the benchmark method's handle to {@link Loop}'s static initializer: set once, before {@link Loop} is first
 * used, by the side's {@link SideRunner}. Each side's loader has its own copy of both classes.
 */
final class Slot
{
    static MethodHandle handle;

    private Slot()
    {
    }
}
