// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Prefixes, port ranges and their algebra (and, later, the longest-prefix-match tries).
 *
 * <p>Invariants: every value type here is immutable and compares by value. A {@link dev.flowgate.lpm.Prefix}
 * never carries host bits; parsing text zeroes them, the strict factories reject them. A
 * {@link dev.flowgate.lpm.PortRange} is an inclusive {@code [start, end]} pair of u16 values with
 * {@code start <= end}. The operations follow the reference's lpm crate exactly, including its asymmetries
 * (merge only builds a parent from a lower half; subtracting with ports gives nothing for disjoint
 * operands); see docs/spec/flow-filter.md section 1.2. The algebra runs when configurations are
 * built, never per packet, so it may allocate; {@link dev.flowgate.lpm.Prefix#contains4(int)},
 * {@link dev.flowgate.lpm.Prefix#contains6(long, long)} and {@link dev.flowgate.lpm.L4Protocol#intersects}
 * do not.
 */
package dev.flowgate.lpm;
