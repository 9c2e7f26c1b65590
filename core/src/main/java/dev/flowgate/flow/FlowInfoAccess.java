// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * How the flow-filter reads a flow's information per packet ({@code flowAccess}). Every mode gives the same answers;
 * they differ in synchronisation cost (see {@link FlowInfoReader}). A {@link FlowInfo} is created for one mode, which
 * decides the synchronisation structure it carries.
 */
public enum FlowInfoAccess
{
    /** The reference's pattern: status re-read at each check, separate read locks for the VNI and the NAT state. */
    MULTI_LOCK,
    /** At most one status load, one genid load and one read lock per packet; later decisions use that copy. */
    SINGLE_LOCK,
    /** Like SINGLE_LOCK, but the copy is taken by a validated {@code StampedLock} optimistic read. */
    OPTIMISTIC,
    /** Like SINGLE_LOCK, but the locked fields live in an immutable object behind one volatile reference. */
    SNAPSHOT
}
