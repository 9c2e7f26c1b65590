// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The {@code flowgate} command line: run, report, list, compare, profile (and the scenario commands).
 *
 * <p>Invariants: bad input (unknown option or profile, malformed {@code --param}, a regex matching nothing, a
 * missing or malformed file) ends in one line on stderr and exit status 2, never a stack trace; a benchmark that
 * fails or a steady-state benchmark that allocates ends in exit status 1. The JVM flags of every flowgate JVM come
 * from one place, {@link dev.flowgate.cli.JvmFlags} (filled from the parent pom's {@code flowgate.jvm.flags}).
 */
package dev.flowgate.cli;
