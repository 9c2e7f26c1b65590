// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

import net.openhft.chronicle.map.ChronicleMap;

/**
 * {@link FlowTableKind#CHRONICLE_MAP}: an in-memory (not persisted) off-heap Chronicle Map from the key's
 * {@link #KEY_BYTES} bytes to an index into an on-heap registry of {@link FlowInfo}s, since a flow is a live object
 * (atomics, locks) that cannot live off-heap. Index slots are recycled; a reader that raced with a recycle sees a
 * flow of another key in the registry and treats it as a miss. The comparison baseline, not a data-path choice:
 * values are boxed {@code Integer}s and each thread keeps a scratch key array.
 *
 * <p>Needs {@code -Dchronicle.analytics.disable=true} (set here too, before Chronicle loads, so it never makes a
 * network call) and the {@code --add-exports/--add-opens} flags of the parent pom's {@code flowgate.jvm.flags}.
 */
final class ChronicleMapFlowTable extends AbstractFlowTable
{
    /** Bytes of a serialised key: word0, word1, outer addresses, inner addresses (10 longs). */
    static final int KEY_BYTES = 80;
    private static final int REGISTRY_HEADROOM = 4096;
    private static final VarHandle REGISTRY_VH = MethodHandles.arrayElementVarHandle(FlowInfo[].class);

    static
    {
        if (System.getProperty("chronicle.analytics.disable") == null)
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    private final ChronicleMap<byte[], Integer> map;
    private final FlowInfo[] registry;
    private final int[] freeIndices;
    private int freeCount;
    private final ReentrantLock freeLock = new ReentrantLock();
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[KEY_BYTES]);

    ChronicleMapFlowTable(final int capacity)
    {
        super(capacity);
        final String missing = missingOpening(ChronicleMapFlowTable.class.getModule());
        if (missing != null)
        {
            throw new IllegalStateException("CHRONICLE_MAP needs the project's JVM flags (" + missing + " is not " +
                "open): run through ./flowgate, or add the flags `java -cp jmh/target/benchmarks.jar " +
                "dev.flowgate.cli.JvmFlags` prints");
        }
        final int registrySize = capacity + REGISTRY_HEADROOM;
        this.registry = new FlowInfo[registrySize];
        this.freeIndices = new int[registrySize];
        for (int i = 0; i < registrySize; i++)
        {
            freeIndices[i] = registrySize - 1 - i;
        }
        this.freeCount = registrySize;
        this.map = ChronicleMap.of(byte[].class, Integer.class)
            .name("flowgate-flows")
            .entries(Math.max(1024L, capacity + (long) REGISTRY_HEADROOM))
            .constantKeySizeBySample(new byte[KEY_BYTES])
            .create();
    }

    @Override
    public FlowTableKind kind()
    {
        return FlowTableKind.CHRONICLE_MAP;
    }

    private byte[] encode(final FlowKey key)
    {
        final byte[] b = scratch.get();
        putLong(b, 0, key.word0());
        putLong(b, 8, key.word1());
        putLong(b, 16, key.srcHi);
        putLong(b, 24, key.srcLo);
        putLong(b, 32, key.dstHi);
        putLong(b, 40, key.dstLo);
        putLong(b, 48, key.innerSrcHi);
        putLong(b, 56, key.innerSrcLo);
        putLong(b, 64, key.innerDstHi);
        putLong(b, 72, key.innerDstLo);
        return b;
    }

    private static void putLong(final byte[] b, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            b[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    /** Acquire, pairs with {@link #soRegistered}: a reader that finds the index sees the flow as registered. */
    private FlowInfo laRegistered(final int index)
    {
        return (FlowInfo) REGISTRY_VH.getAcquire(registry, index);
    }

    /** Release: the flow is registered before its index is stored in the map. */
    private void soRegistered(final int index, final FlowInfo flow)
    {
        REGISTRY_VH.setRelease(registry, index, flow);
    }

    private int allocateIndex()
    {
        freeLock.lock();
        try
        {
            return freeCount == 0 ? -1 : freeIndices[--freeCount];
        }
        finally
        {
            freeLock.unlock();
        }
    }

    private void freeIndex(final int index)
    {
        soRegistered(index, null);
        freeLock.lock();
        try
        {
            freeIndices[freeCount++] = index;
        }
        finally
        {
            freeLock.unlock();
        }
    }

    @Override
    FlowInfo get(final FlowKey key)
    {
        final Integer index = map.get(encode(key));
        if (index == null)
        {
            return null;
        }
        final FlowInfo info = laRegistered(index);
        return info != null && info.key().equalsKey(key) ? info : null;
    }

    @Override
    int put(final FlowInfo flow, final boolean force)
    {
        final int index = allocateIndex();
        if (index < 0)
        {
            return FULL;
        }
        soRegistered(index, flow);
        final byte[] keyBytes = encode(flow.key());
        if (reserve(force))
        {
            final Integer old = map.put(keyBytes, index);
            if (old != null)
            {
                release();
                freeIndex(old);
                return REPLACED;
            }
            return INSERTED;
        }
        final Integer old = map.replace(keyBytes, index);
        if (old != null)
        {
            freeIndex(old);
            return REPLACED;
        }
        freeIndex(index);
        return FULL;
    }

    @Override
    public FlowInfo remove(final FlowKey key)
    {
        final Integer old = map.remove(encode(key));
        if (old == null)
        {
            return null;
        }
        final FlowInfo info = laRegistered(old);
        freeIndex(old);
        release();
        return info;
    }

    @Override
    public boolean remove(final FlowKey key, final FlowInfo flow)
    {
        final byte[] keyBytes = encode(key);
        final Integer index = map.get(keyBytes);
        if (index == null || flow == null || laRegistered(index) != flow)
        {
            return false;
        }
        if (map.remove(keyBytes, index))
        {
            freeIndex(index);
            release();
            return true;
        }
        return false;
    }

    @Override
    public void close()
    {
        map.close();
    }

    /**
     * The first package Chronicle Map reaches into that is not open to a module, checked before Chronicle does it
     * with a stack trace from deep inside its set-up (a raw JMH run of the jar without the project's flags).
     *
     * @param module the module that must reach in (this class's: the unnamed module on the class path).
     * @return {@code module/package}, or null when all are open.
     */
    static String missingOpening(final Module module)
    {
        final Module base = Object.class.getModule();
        for (final String pkg : new String[] {"java.nio", "java.lang", "java.lang.reflect", "java.io", "java.util"})
        {
            if (!base.isOpen(pkg, module))
            {
                return "java.base/" + pkg;
            }
        }
        return null;
    }
}
