// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The overlay configuration: model, YAML loading and validation.
 *
 * <p>Invariants: every model type ({@link dev.flowgate.config.Overlay}, {@link dev.flowgate.config.Peering},
 * {@link dev.flowgate.config.Manifest}, {@link dev.flowgate.config.Expose}, {@link dev.flowgate.config.NatConfig},
 * {@link dev.flowgate.config.Vpc}) is immutable and compares structurally; lists keep configuration order.
 * An overlay is not validated by construction: {@link dev.flowgate.config.OverlayValidator} checks the rules of
 * docs/spec/flow-filter.md section 2.3 as a separate step, so unvalidated overlays can be built on purpose.
 * Loading never throws anything but {@link dev.flowgate.config.ConfigLoadException} for bad input, which carries
 * every problem found as {@code FILE:LINE:COLUMN: PATH: reason}. Nothing here runs on the data path.
 */
package dev.flowgate.config;
