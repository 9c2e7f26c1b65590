// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What every {@link FlowTable} shares: the look-up filter (active only, lazy identity removal), pair insertion,
 * scheduling on the wheel, and the capacity count.
 */
abstract class AbstractFlowTable extends AbstractFlowTablePad1
{
    final int capacity;

    AbstractFlowTable(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The raw mapping of a key, whatever its status.
     *
     * @param key the key.
     * @return the mapped flow or null.
     */
    abstract FlowInfo get(FlowKey key);

    /**
     * Maps {@code flow.key()}; reserves capacity for a new key via {@link #reserve(boolean)}.
     *
     * @param flow  the flow.
     * @param force admit even when full (second half of a pair).
     * @return INSERTED, REPLACED or FULL.
     */
    abstract int put(FlowInfo flow, boolean force);

    /**
     * {@link #put(FlowInfo, boolean)} of {@code key} (the flow's own key, or a session's key for the sessions'
     * sentinel, docs/spec/flow-table.md section 11.13, P7) with the direction's inline words to write with the
     * mapping; only a table that keeps flow state inline takes the sentinel or non-null {@code init}
     * (LockFreeFlowTable overrides this).
     */
    int put(final FlowInfo flow, final FlowKey key, final boolean force, final InlineFlowView init)
    {
        return put(flow, force);
    }

    @Override
    public FlowInfo lookup(final FlowKey key)
    {
        return activeOnly(key, get(key));
    }

    final FlowInfo activeOnly(final FlowKey key, final FlowInfo flow)
    {
        if (flow == null)
        {
            return null;
        }
        if (flow.isActive())
        {
            return flow;
        }
        remove(key, flow);
        return null;
    }

    @Override
    public final int insert(final FlowInfo flow)
    {
        return put(flow, false);
    }

    @Override
    public final int insert(final FlowInfo flow, final FlowTimerWheel wheel)
    {
        final int result = put(flow, false);
        if (result != FULL && wheel != null)
        {
            wheel.schedule(flow);
        }
        return result;
    }

    @Override
    public final int insertPair(final FlowInfo flow, final FlowTimerWheel wheel)
    {
        final FlowInfo other = flow.related();
        if (other == null)
        {
            throw new IllegalArgumentException("flow has no related flow: " + flow);
        }
        final int result = put(flow, false);
        if (result == FULL)
        {
            return FULL;
        }
        put(other, true);
        if (wheel != null)
        {
            wheel.schedule(flow);
            wheel.schedule(other);
        }
        return result;
    }

    @Override
    public final int size()
    {
        return lvCount();
    }

    @Override
    public final int capacity()
    {
        return capacity;
    }

    @Override
    public void close()
    {
    }

    /**
     * Reserves room for one more flow.
     *
     * @param force reserve even beyond the capacity.
     * @return false when full.
     */
    final boolean reserve(final boolean force)
    {
        if (force)
        {
            getAndAddCount(1);
            return true;
        }
        while (true)
        {
            final int c = lvCount();
            if (c >= capacity)
            {
                return false;
            }
            if (casCount(c, c + 1))
            {
                return true;
            }
        }
    }

    /**
     * Gives back one reservation (a removal, or a reservation not used).
     */
    final void release()
    {
        getAndAddCount(-1);
    }

}

/**
 * Padding between the object header (read by every call through the {@link FlowTable} interface) and the count:
 * JCTools' class-hierarchy padding (the JVM orders fields within a class as it likes, but lays a superclass's fields
 * out before a subclass's). Bytes, not longs: since JDK 15 a subclass field may fill a hole in its superclasses'
 * layout, and 128 bytes after a 12-byte header leave none (with long padding the count landed at offset 12, next to
 * the header; FlowTablePaddingTest).
 */
@SuppressWarnings({"checkstyle:OneTopLevelClass", "checkstyle:MultipleVariableDeclarations"})
abstract class AbstractFlowTablePad0 implements FlowTable
{
    byte p0000, p0001, p0002, p0003, p0004, p0005, p0006, p0007, p0008, p0009, p0010, p0011, p0012, p0013, p0014, p0015;
    byte p0016, p0017, p0018, p0019, p0020, p0021, p0022, p0023, p0024, p0025, p0026, p0027, p0028, p0029, p0030, p0031;
    byte p0032, p0033, p0034, p0035, p0036, p0037, p0038, p0039, p0040, p0041, p0042, p0043, p0044, p0045, p0046, p0047;
    byte p0048, p0049, p0050, p0051, p0052, p0053, p0054, p0055, p0056, p0057, p0058, p0059, p0060, p0061, p0062, p0063;
    byte p0064, p0065, p0066, p0067, p0068, p0069, p0070, p0071, p0072, p0073, p0074, p0075, p0076, p0077, p0078, p0079;
    byte p0080, p0081, p0082, p0083, p0084, p0085, p0086, p0087, p0088, p0089, p0090, p0091, p0092, p0093, p0094, p0095;
    byte p0096, p0097, p0098, p0099, p0100, p0101, p0102, p0103, p0104, p0105, p0106, p0107, p0108, p0109, p0110, p0111;
    byte p0112, p0113, p0114, p0115, p0116, p0117, p0118, p0119, p0120, p0121, p0122, p0123, p0124, p0125, p0126, p0127;
}

/**
 * The flow count, written by every insert and removal: on its own cache lines, so that its writes do not invalidate
 * the lines that look-ups read.
 */
@SuppressWarnings("checkstyle:OneTopLevelClass")
abstract class AbstractFlowTableCount extends AbstractFlowTablePad0
{
    private static final VarHandle COUNT_VH;

    static
    {
        try
        {
            COUNT_VH = MethodHandles.lookup().findVarHandle(AbstractFlowTableCount.class, "count", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through COUNT_VH
    private volatile int count;

    /** Volatile, pairs with {@link #casCount} and {@link #getAndAddCount}. */
    final int lvCount()
    {
        return (int) COUNT_VH.getVolatile(this);
    }

    /** CAS: a reservation within the capacity. */
    final boolean casCount(final int expect, final int update)
    {
        return COUNT_VH.compareAndSet(this, expect, update);
    }

    /** Atomic add (volatile): a forced reservation or a release, which no capacity check guards. */
    final int getAndAddCount(final int delta)
    {
        return (int) COUNT_VH.getAndAdd(this, delta);
    }
}

/**
 * Padding between the count and the read-mostly fields.
 */
@SuppressWarnings({"checkstyle:OneTopLevelClass", "checkstyle:MultipleVariableDeclarations"})
abstract class AbstractFlowTablePad1 extends AbstractFlowTableCount
{
    byte p1000, p1001, p1002, p1003, p1004, p1005, p1006, p1007, p1008, p1009, p1010, p1011, p1012, p1013, p1014, p1015;
    byte p1016, p1017, p1018, p1019, p1020, p1021, p1022, p1023, p1024, p1025, p1026, p1027, p1028, p1029, p1030, p1031;
    byte p1032, p1033, p1034, p1035, p1036, p1037, p1038, p1039, p1040, p1041, p1042, p1043, p1044, p1045, p1046, p1047;
    byte p1048, p1049, p1050, p1051, p1052, p1053, p1054, p1055, p1056, p1057, p1058, p1059, p1060, p1061, p1062, p1063;
    byte p1064, p1065, p1066, p1067, p1068, p1069, p1070, p1071, p1072, p1073, p1074, p1075, p1076, p1077, p1078, p1079;
    byte p1080, p1081, p1082, p1083, p1084, p1085, p1086, p1087, p1088, p1089, p1090, p1091, p1092, p1093, p1094, p1095;
    byte p1096, p1097, p1098, p1099, p1100, p1101, p1102, p1103, p1104, p1105, p1106, p1107, p1108, p1109, p1110, p1111;
    byte p1112, p1113, p1114, p1115, p1116, p1117, p1118, p1119, p1120, p1121, p1122, p1123, p1124, p1125, p1126, p1127;
}
