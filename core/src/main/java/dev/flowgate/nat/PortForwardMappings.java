// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ids of port-forwarding mappings (docs/spec/flow-table.md section 11.13, P6): one id per distinct mapping (the fields
 * {@link PortForwardRule#sameMapping} compares), the same in every configuration built with this object and never
 * given to another mapping. An INLINE connection names its rule by this id in its slot:
 * {@link PortForwardTables#ruleOf} of a burst's configuration is then exactly what {@code sameMapping} of the old rule
 * object would find, and an id kept across any number of configurations selects its own mapping or nothing, never
 * another mapping's rule.
 *
 * <p>One object per flow table's configurations, kept as long as sessions may hold its ids: the
 * {@code ConfigPublisher} of the workers owns it and builds every configuration with it (a registry per
 * configuration would number each configuration's mappings afresh, so an id kept across a change could name another
 * mapping's rule). Built off the data path (with {@link PortForwardTables#build}), under this object's monitor. It
 * holds one entry per distinct mapping ever built (a few hundred bytes each; configurations repeat their mappings),
 * and refuses the mapping after {@link #MAX_ID} with {@link NatConfigException}, so the configuration is not published
 * rather than given an id that wraps.
 */
public final class PortForwardMappings
{
    /** The largest id: 28 bits, beside the 4-bit status in the connection word. */
    static final int MAX_ID = (1 << 28) - 1;

    private final Map<List<Object>, Integer> ids = new HashMap<>();
    private final List<String> descriptions = new ArrayList<>();

    /**
     * No mappings yet.
     */
    public PortForwardMappings()
    {
    }

    /**
     * The id of a rule's mapping.
     *
     * @param rule the rule.
     * @return the id, 1 to {@link #MAX_ID}.
     * @throws NatConfigException when a new mapping would need an id above {@link #MAX_ID}.
     */
    synchronized int idOf(final PortForwardRule rule)
    {
        final List<Object> key = List.of(rule.srcVni, rule.dstVni, rule.proto, rule.ext, rule.extFirst, rule.extLast,
            rule.internal, rule.intFirst);
        final Integer known = ids.get(key);
        if (known != null)
        {
            return known;
        }
        if (descriptions.size() >= MAX_ID)
        {
            throw new NatConfigException("more than " + MAX_ID + " distinct port-forwarding mappings: " +
                rule.describe());
        }
        descriptions.add(rule.describe());
        final int id = descriptions.size();
        ids.put(key, id);
        return id;
    }

    /**
     * The description of a mapping, for log lines.
     *
     * @param id an id of this object.
     * @return the description, or a placeholder for an unknown id.
     */
    synchronized String describe(final int id)
    {
        return id >= 1 && id <= descriptions.size() ? descriptions.get(id - 1) : "mapping #" + id;
    }
}
