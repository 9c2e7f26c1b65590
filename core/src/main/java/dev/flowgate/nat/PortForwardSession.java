// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What both directions of a port-forwarded connection share (docs/spec/nat.md section 3.3): the connection status (the
 * reference's {@code AtomicPortFwFlowStatus}) and the rule (the reference's weak rule reference, re-pointed after a
 * configuration change). Status updates are a load and a store, not a compare-and-set, as upstream: two workers
 * racing on one connection's status is last-writer-wins. The object modes only: under INLINE the forward slot's
 * connection word holds both (docs/spec/flow-table.md section 11.13, P6); the status values are the same.
 */
final class PortForwardSession
{
    /** Status: only the opening packet seen. */
    static final int ONE_WAY = 0;
    /** Status: the reply (SYN+ACK for TCP) seen. */
    static final int TWO_WAY = 1;
    /** Status: established. */
    static final int ESTABLISHED = 2;
    /** Status: reset seen (the flows are invalidated). */
    static final int RESET = 3;
    /** Status: the client sent FIN. */
    static final int C_CLOSING = 4;
    /** Status: the server sent FIN. */
    static final int S_CLOSING = 5;
    /** Status: the client's FIN acknowledged. */
    static final int C_HALF_CLOSE = 6;
    /** Status: the server's FIN acknowledged. */
    static final int S_HALF_CLOSE = 7;
    /** Status: both FINs sent, waiting for the last ACK. */
    static final int LAST_ACK = 8;
    /** Status: closed (the flows are invalidated). */
    static final int CLOSED = 9;

    private static final VarHandle STATUS_VH;
    private static final VarHandle RULE_VH;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATUS_VH = lookup.findVarHandle(PortForwardSession.class, "status", int.class);
            RULE_VH = lookup.findVarHandle(PortForwardSession.class, "rule", PortForwardRule.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through STATUS_VH
    private int status;
    @SuppressWarnings("unused") // accessed through RULE_VH
    private PortForwardRule rule;

    PortForwardSession(final PortForwardRule rule)
    {
        this.rule = rule;
    }

    /** Volatile, pairs with {@link #soStatus}: either direction's worker reads the other's last transition. */
    int lvStatus()
    {
        return (int) STATUS_VH.getVolatile(this);
    }

    /** Release, pairs with {@link #lvStatus}: last writer wins (no CAS, as upstream). */
    void soStatus(final int newStatus)
    {
        STATUS_VH.setRelease(this, newStatus);
    }

    /** Volatile, pairs with {@link #soRule}: the rule is seen as constructed. */
    PortForwardRule lvRule()
    {
        return (PortForwardRule) RULE_VH.getVolatile(this);
    }

    /** Release, pairs with {@link #lvRule}: re-points to a rule of a newer configuration. */
    void soRule(final PortForwardRule newRule)
    {
        RULE_VH.setRelease(this, newRule);
    }
}
