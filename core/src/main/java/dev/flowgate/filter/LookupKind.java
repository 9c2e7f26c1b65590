// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

/**
 * Which implementation of the flow-filter lookup to use; both give identical results on every input.
 */
public enum LookupKind
{
    /** The reference's semantics written plainly (enumerate covering prefixes longest first); allocates. */
    REFERENCE
    {
        @Override
        public FlowFilterLookup create(final FlowFilterTables tables)
        {
            return new ReferenceLookup(tables);
        }
    },
    /** Flattened multibit tries with precomputed port resolution; allocation-free. */
    COMPILED
    {
        @Override
        public FlowFilterLookup create(final FlowFilterTables tables)
        {
            return CompiledLookup.compile(tables);
        }
    };

    /**
     * Builds the lookup for a set of tables (once per configuration; compiling may take a while for large tables).
     *
     * @param tables the built tables.
     * @return the lookup.
     */
    public abstract FlowFilterLookup create(FlowFilterTables tables);
}
