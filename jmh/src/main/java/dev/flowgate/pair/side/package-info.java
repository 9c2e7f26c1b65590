// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The code of one side of a pair. The pairing driver defines these classes afresh in each side's class loader (from
 * its own jar, whatever revision the side's benchmarks come from) and talks to them through JDK interfaces only.
 */
package dev.flowgate.pair.side;
