// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The locked part of a flow as one immutable value: published whole through a volatile reference in
 * {@link FlowInfoAccess#SNAPSHOT} mode, and returned by {@link FlowInfo#lockedState()} in every mode.
 */
public final class FlowLockedState
{
    /** The empty locked part: no destination VNI, no NAT state. */
    public static final FlowLockedState EMPTY = new FlowLockedState(0, null, null);

    private final int dstVni;
    private final Object natState;
    private final Object portFwState;

    /**
     * A locked part.
     *
     * @param dstVni      destination VNI, 0 for none.
     * @param natState    masquerade state, or null.
     * @param portFwState port-forwarding state, or null.
     */
    public FlowLockedState(final int dstVni, final Object natState, final Object portFwState)
    {
        this.dstVni = dstVni;
        this.natState = natState;
        this.portFwState = portFwState;
    }

    /**
     * The destination VNI.
     *
     * @return 1..16777215, or 0 for none.
     */
    public int dstVni()
    {
        return dstVni;
    }

    /**
     * The masquerade state.
     *
     * @return the state object, or null.
     */
    public Object natState()
    {
        return natState;
    }

    /**
     * The port-forwarding state.
     *
     * @return the state object, or null.
     */
    public Object portFwState()
    {
        return portFwState;
    }
}
