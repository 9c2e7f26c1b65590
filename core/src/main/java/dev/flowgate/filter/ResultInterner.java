// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every distinct lookup result one shared instance and a dense index (the compiled lookup's result id).
 */
final class ResultInterner
{
    private final Map<LookupResult, Integer> ids = new HashMap<>();
    private final List<LookupResult> results = new ArrayList<>();

    LookupResult intern(final LookupResult result)
    {
        final Integer id = ids.get(result);
        if (id != null)
        {
            return results.get(id);
        }
        ids.put(result, results.size());
        results.add(result);
        return result;
    }

    int id(final LookupResult interned)
    {
        return ids.get(interned);
    }

    List<LookupResult> results()
    {
        return results;
    }
}
