// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Longest-prefix-match tries flattened into primitive arrays for the data path.
 *
 * <p>Invariants: a built {@link dev.flowgate.lpm.trie.MultibitTries} is immutable and safe to share once published
 * (it holds one final array); lookups read plain array slots, allocate nothing and throw nothing for any address.
 * Leaf values are non-negative ints chosen by the caller; building may allocate freely.
 */
package dev.flowgate.lpm.trie;
