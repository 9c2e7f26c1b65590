// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair.side;

import java.lang.invoke.MethodHandle;

/**
 * The round loop of one side. {@link #TARGET} is a static final handle, a constant to C2, so the benchmark method
 * inlines into this side's loop as into JMH's generated stub; the other side's loop is another class in another
 * loader, compiled on its own. The results are summed and published, so the calls cannot be removed as dead code.
 */
final class Loop
{
    private static final MethodHandle TARGET = Slot.handle;

    @SuppressWarnings("unused")
    private static volatile long sink;

    private Loop()
    {
    }

    static void run(final Object a0, final Object a1, final Object a2, final Object a3, final int invocations)
    {
        long sum = 0;
        try
        {
            for (int i = 0; i < invocations; i++)
            {
                sum += (long) TARGET.invokeExact(a0, a1, a2, a3);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex.toString(), ex);
        }
        sink = sum;
    }
}
