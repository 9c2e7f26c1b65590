// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

/**
 * A configuration error found while building the flow-filter tables: two contributions collided in a way the
 * reference's insertion rules (docs/spec/flow-filter.md section 2.2 step 5) reject. The message names the source VPC,
 * the cells and both values; {@link #kind()} says which rule was broken.
 */
public final class TableConflictException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The insertion rule that was broken. */
    public enum Kind
    {
        /** A source prefix stored with port ranges received a contribution without a range. */
        SOURCE_RANGES_WITHOUT_RANGE,
        /** A destination prefix stored with port ranges received a contribution without a range. */
        DESTINATION_RANGES_WITHOUT_RANGE,
        /** A destination prefix stored for all ports received a contribution with a range other than 0-65535. */
        DESTINATION_ALL_PORTS_WITH_RANGE,
        /** Two values for one destination cell, not both MultipleMatches. */
        CONFLICTING_DESTINATION_VALUES,
        /** Two values for one default-remote slot, not both MultipleMatches. */
        CONFLICTING_DEFAULT_REMOTE
    }

    private final Kind kind;
    private final int srcVni;

    /**
     * @param kind    the rule broken.
     * @param srcVni  the source VPC's VNI.
     * @param message what collided, in configuration terms.
     */
    public TableConflictException(final Kind kind, final int srcVni, final String message)
    {
        super("flow-filter table of VNI " + srcVni + ": " + message);
        this.kind = kind;
        this.srcVni = srcVni;
    }

    /**
     * @return the rule broken.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the source VPC's VNI.
     */
    public int srcVni()
    {
        return srcVni;
    }
}
