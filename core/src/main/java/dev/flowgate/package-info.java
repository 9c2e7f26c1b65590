// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * flowgate: a performance reference implementation of a VPC gateway's flow-filter and NAT pipeline.
 *
 * <p>Packages depend in one direction only: {@code packet} &lt;- {@code lpm}, {@code flow} &lt;- {@code config}
 * -&gt; {@code filter}, {@code nat} &lt;- {@code pipeline} &lt;- {@code scenario}.
 */
package dev.flowgate;
