// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The flow-filter tables: building them from an overlay (docs/spec/flow-filter.md section 2.2) and looking packets up
 * in them (docs/spec/flow-filter.md section 3).
 *
 * <p>Invariants: {@link dev.flowgate.filter.FlowFilterTables} is immutable once built and its results are
 * interned: every lookup, of either {@link dev.flowgate.filter.LookupKind}, returns the one shared
 * {@link dev.flowgate.filter.LookupResult} instance of its result (or null for none), so results may be compared
 * by identity and are never copied. The REFERENCE lookup is the oracle and may allocate; the COMPILED lookup reads
 * only primitive arrays and the interned result array, allocates nothing and throws nothing for any address or
 * port in range. Building and compiling run off the data path and allocate freely. There is no mutation after
 * build, so safe publication of the lookup object is the only memory-ordering need.
 */
package dev.flowgate.filter;
