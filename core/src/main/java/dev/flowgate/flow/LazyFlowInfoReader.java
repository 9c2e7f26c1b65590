// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The single-copy pattern (docs/spec/flow-filter.md section 5, lazy variant): the status is loaded at most once, the
 * genid at most once, and the locked part copied at most once per packet, only for a bypass candidate (active and
 * fresh) or for the MultipleMatches flow path. Subclasses decide how the copy is taken.
 */
abstract class LazyFlowInfoReader extends FlowInfoReader
{
    private boolean statusLoaded;
    private boolean active;
    private boolean captured;

    LazyFlowInfoReader(final SyncCounter counter)
    {
        super(counter);
    }

    /**
     * Copies dstVni, hasNat and hasPortFw of {@code f} into this reader, consistently.
     *
     * @param f the flow.
     */
    abstract void capture(FlowInfo f);

    /**
     * The status decision of {@code f} (one volatile load of the object's status; INLINE reads its slot instead).
     *
     * @param f the flow.
     * @return true when active.
     */
    boolean loadActive(final FlowInfo f)
    {
        return f.isActive();
    }

    /**
     * The genid of {@code f} (the object's; INLINE reads its slot instead).
     *
     * @param f the flow.
     * @return the genid.
     */
    long loadGenid(final FlowInfo f)
    {
        return f.genid();
    }

    @Override
    final void beginQuietly(final FlowInfo attachedFlow, final long currentGenid)
    {
        super.beginQuietly(attachedFlow, currentGenid);
        statusLoaded = false;
        active = false;
        captured = false;
    }

    private boolean active(final FlowInfo f)
    {
        if (!statusLoaded)
        {
            counter.statusLoad();
            active = loadActive(f);
            statusLoaded = true;
        }
        return active;
    }

    private void ensureCaptured(final FlowInfo f)
    {
        if (!captured)
        {
            capture(f);
            captured = true;
        }
    }

    @Override
    public final boolean tryBypass()
    {
        final FlowInfo f = flow;
        if (f == null || !active(f))
        {
            return false;
        }
        counter.genidLoad();
        if (loadGenid(f) < pipelineGenid)
        {
            return false;
        }
        ensureCaptured(f);
        return validState();
    }

    @Override
    public final boolean hasActiveFlow()
    {
        final FlowInfo f = flow;
        return f != null && active(f);
    }

    @Override
    public final int multiMatch()
    {
        final FlowInfo f = flow;
        if (f == null || !active(f))
        {
            return MM_NO_ACTIVE_FLOW;
        }
        ensureCaptured(f);
        return multiMatchResult();
    }
}
