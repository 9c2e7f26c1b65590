// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Paired measurement: two variants of one benchmark (or one benchmark of two revisions) in the same JVM, each side in
 * its own class loader over its benchmarks jar, alternated in rounds of about 10 ms (seeded random order, never a
 * round right after its own side), over several fresh JVMs. The host's noise hits both sides of a pair alike and
 * cancels in their ratio.
 */
package dev.flowgate.pair;
