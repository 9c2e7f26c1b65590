// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Flows: {@link dev.flowgate.flow.FlowKey} (primitives; a reusable {@link dev.flowgate.flow.MutableFlowKey} per
 * worker for look-ups), {@link dev.flowgate.flow.FlowInfo} (one direction of a flow), the per-worker
 * {@link dev.flowgate.flow.FlowInfoReader} that the flow-filter calls at its decision points, the
 * {@link dev.flowgate.flow.FlowTable} contract with its four {@link dev.flowgate.flow.FlowTableKind}s, and the
 * per-worker {@link dev.flowgate.flow.FlowTimerWheel} for expiry.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Look-ups, {@link dev.flowgate.flow.FlowInfoReader} calls and lock-free table operations allocate nothing.</li>
 *   <li>A table maps a key to at most one flow; only active flows are returned by a look-up; removals by expiry
 *   and lazy clean-up are by identity, so they never remove a newer flow of the same key.</li>
 *   <li>A flow's status and genid are atomics (volatile loads, release stores); its locked part is read only
 *   through the synchronisation structure of the {@link dev.flowgate.flow.FlowInfoAccess} it was created for.</li>
 *   <li>Memory ordering of {@link dev.flowgate.flow.LockFreeFlowTable} follows docs/spec/flow-table.md:
 *   control words are claimed by CAS (volatile), published by release stores and read with acquire loads; key
 *   words are plain and validated seqlock-style by re-reading the control word after an acquire fence. A slot's
 *   inactive hint may be clear only while no status change of its flow to non-active has returned: every such
 *   change is a volatile store written through to the table the flow is bound to.</li>
 *   <li>A {@link dev.flowgate.flow.FlowTimerWheel} and a {@link dev.flowgate.flow.FlowInfoReader} belong to one
 *   worker thread.</li>
 *   <li>Every VarHandle access is in an accessor named by its ordering (JCTools: {@code lv} volatile, {@code la}
 *   acquire, {@code lp} plain, {@code lo} opaque loads; {@code sv} volatile, {@code so} release, {@code sp} plain
 *   stores; {@code cas}; {@code getAndAdd}), whose comment says what it pairs with; public readers such as
 *   {@link dev.flowgate.flow.FlowInfo#status()} keep plain names and call them. The written-often {@code count} and
 *   {@code maxProbe} are padded onto their own cache lines by superclass chains.</li>
 *   <li>Test seams (the {@code ...ForTest} methods and the overridable steps the Lincheck and jcstress mutants
 *   replace) are package-private and documented "Test seam:"; nothing public exists for tests.</li>
 * </ul>
 */
package dev.flowgate.flow;
