// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * Per-worker reader of the flow information attached to a packet, one method per decision point of the flow-filter
 * (docs/spec/flow-filter.md section 4). Not thread-safe: one instance per worker, reused for every packet; allocates
 * nothing.
 *
 * <p>Calls the flow-filter makes for each overlay packet that is not done:
 * <ol>
 *   <li>{@link #begin(FlowInfo, long)} with the attached flow (or null) and the pipeline genid of the burst;</li>
 *   <li>step 1, bypass: {@link #tryBypass()}; when true, set {@code dst_vpcd := }{@link #dstVni()} (0 = none) and the
 *   NAT flag {@link #natFlag()}, accept, stop;</li>
 *   <li>step 5b, Single result: the NAT check passes when {@link #hasActiveFlow()};</li>
 *   <li>step 5c/5d, MultipleMatches: {@link #multiMatch()}: {@link #MM_NO_ACTIVE_FLOW} → resolve from the set;
 *   {@link #MM_UNROUTABLE} → drop Unroutable; {@link #MM_MASQUERADE} / {@link #MM_PORT_FORWARDING} → set that flag,
 *   candidate := {@link #dstVni()}; {@link #MM_INVALID_STATE} → candidate none;</li>
 *   <li>step 7 / 8, when {@link #hasFlow()}: {@link #invalidatePair()} or {@link #setGenidPair(long)}.</li>
 * </ol>
 *
 * <p>Per-packet synchronisation (S status loads, Gl genid loads, L read locks): {@link FlowInfoAccess#MULTI_LOCK}
 * reproduces the reference's counts of docs/spec/flow-filter.md section 5 exactly (up to 2 / 1 / 4); the other modes
 * load the status and the genid at most once and take the locked part at most once, lazily (only for a bypass candidate
 * or a MultipleMatches flow path): {@code SINGLE_LOCK} under one read lock, {@code OPTIMISTIC} by a validated
 * optimistic read (a read lock only when validation fails), {@code SNAPSHOT} by one volatile reference load. With no
 * concurrent writer all modes give the same answers; with one, the lazy modes decide from one consistent copy.
 *
 * <p>A reader reads flows created for its own {@link FlowInfoAccess} (MULTI_LOCK and SINGLE_LOCK flows are
 * interchangeable: both carry the read-write lock); the pipeline creates flows and readers from one setting.
 */
public abstract class FlowInfoReader
{
    /** {@link #multiMatch()}: no active flow; resolve the match set without the flow. */
    public static final int MM_NO_ACTIVE_FLOW = 0;
    /** {@link #multiMatch()}: active flow without a destination VNI; drop Unroutable. */
    public static final int MM_UNROUTABLE = 1;
    /** {@link #multiMatch()}: active flow with both or neither NAT state; no candidate. */
    public static final int MM_INVALID_STATE = 2;
    /** {@link #multiMatch()}: active flow with masquerade state; candidate {@link #dstVni()}. */
    public static final int MM_MASQUERADE = 3;
    /** {@link #multiMatch()}: active flow with port-forwarding state; candidate {@link #dstVni()}. */
    public static final int MM_PORT_FORWARDING = 4;

    /** {@link #natFlag()}: the packet needs masquerade. */
    public static final int NAT_MASQUERADE = 1;
    /** {@link #natFlag()}: the packet needs port forwarding. */
    public static final int NAT_PORT_FORWARDING = 2;

    final SyncCounter counter;
    FlowInfo flow;
    long pipelineGenid;
    int dstVni;
    boolean hasNat;
    boolean hasPortFw;

    FlowInfoReader(final SyncCounter counter)
    {
        this.counter = counter;
    }

    /**
     * A reader of the given mode that counts nothing.
     *
     * @param access the mode.
     * @return a new reader.
     */
    public static FlowInfoReader create(final FlowInfoAccess access)
    {
        return create(access, SyncCounter.OFF);
    }

    /**
     * A reader of the given mode reporting to a counter.
     *
     * @param access  the mode.
     * @param counter {@link SyncCounter#OFF} or a {@link CountingSyncCounter}.
     * @return a new reader.
     */
    public static FlowInfoReader create(final FlowInfoAccess access, final SyncCounter counter)
    {
        switch (access)
        {
            case MULTI_LOCK:
                return new MultiLockReader(counter);
            case SINGLE_LOCK:
                return new SingleLockReader(counter);
            case OPTIMISTIC:
                return new OptimisticReader(counter);
            case SNAPSHOT:
                return new SnapshotReader(counter);
            case INLINE:
                return new InlineReader(counter);
            default:
                throw new IllegalArgumentException("access " + access);
        }
    }

    /**
     * Starts a packet. Loads nothing.
     *
     * @param attachedFlow  the flow attached to the packet, or null.
     * @param currentGenid  the pipeline genid of this burst.
     */
    public void begin(final FlowInfo attachedFlow, final long currentGenid)
    {
        counter.packet();
        beginQuietly(attachedFlow, currentGenid);
    }

    /**
     * Starts a packet whose flow may also have been read inline by the burst look-up (only
     * {@link FlowInfoAccess#INLINE} uses the view; the other modes ignore it).
     *
     * @param attachedFlow the flow attached to the packet, or null.
     * @param view         the packet's inline read, or null.
     * @param currentGenid the pipeline genid of this burst.
     */
    public void begin(final FlowInfo attachedFlow, final InlineFlowView view, final long currentGenid)
    {
        begin(attachedFlow, currentGenid);
    }

    /** {@link #begin(FlowInfo, long)} without counting a packet (a reader delegating to another). */
    void beginQuietly(final FlowInfo attachedFlow, final long currentGenid)
    {
        flow = attachedFlow;
        pipelineGenid = currentGenid;
        dstVni = 0;
        hasNat = false;
        hasPortFw = false;
    }

    /**
     * Whether this packet's decisions come from its inline read (INLINE with a usable view), not the flow object.
     *
     * @return true on the inline path.
     */
    public boolean readInline()
    {
        return false;
    }

    /**
     * Whether a flow is attached (no load).
     *
     * @return true when a flow is attached, whatever its status.
     */
    public final boolean hasFlow()
    {
        return flow != null;
    }

    /**
     * Step 1: the packet may bypass the flow-filter (flow attached, active, genid at least the pipeline's, exactly
     * one NAT state). On true, {@link #dstVni()} and {@link #natFlag()} hold the flow's values.
     *
     * @return true to bypass.
     */
    public abstract boolean tryBypass();

    /**
     * Step 5b: the packet has an active flow (the Single branch NAT check passes).
     *
     * @return true when an active flow is attached.
     */
    public abstract boolean hasActiveFlow();

    /**
     * Step 5c: the MultipleMatches flow path.
     *
     * @return one of the {@code MM_*} codes.
     */
    public abstract int multiMatch();

    /**
     * The flow's destination VNI, valid after {@link #tryBypass()} returned true or {@link #multiMatch()} returned
     * {@link #MM_MASQUERADE} or {@link #MM_PORT_FORWARDING}.
     *
     * @return 1..16777215, or 0 for none.
     */
    public final int dstVni()
    {
        return dstVni;
    }

    /**
     * The NAT flag to set after a successful bypass.
     *
     * @return {@link #NAT_MASQUERADE} or {@link #NAT_PORT_FORWARDING}.
     */
    public final int natFlag()
    {
        return hasNat ? NAT_MASQUERADE : NAT_PORT_FORWARDING;
    }

    /**
     * Step 8: stores the genid on the attached flow and its related flow. Requires {@link #hasFlow()}.
     *
     * @param genid the pipeline genid.
     */
    public final void setGenidPair(final long genid)
    {
        counter.write();
        writeGenidPair(genid);
    }

    /** Step 8's store (INLINE writes a session without flow objects by its handle instead). */
    void writeGenidPair(final long genid)
    {
        flow.setGenidPair(genid);
    }

    /**
     * Step 7: invalidates the attached flow and its related flow. Requires {@link #hasFlow()}.
     */
    public final void invalidatePair()
    {
        counter.write();
        writeInvalidPair();
    }

    /** Step 7's store (INLINE writes a session without flow objects by its handle instead). */
    void writeInvalidPair()
    {
        flow.invalidatePair();
    }

    final boolean validState()
    {
        return hasNat != hasPortFw;
    }

    final int multiMatchResult()
    {
        if (dstVni == 0)
        {
            return MM_UNROUTABLE;
        }
        if (!validState())
        {
            return MM_INVALID_STATE;
        }
        return hasNat ? MM_MASQUERADE : MM_PORT_FORWARDING;
    }
}
