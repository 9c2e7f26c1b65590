// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The result of a flow-filter lookup (docs/spec/flow-filter.md section 1.4): {@code Single(RemoteData)} or
 * {@code MultipleMatches(set)}, the latter meaning only that setup saw an overlap for the cell (the set may hold one
 * element, or none). Immutable; a built table interns its results, so a lookup hands out a shared reference and two
 * lookups giving equal results give the same object.
 *
 * <p>The members of a MultipleMatches set are held in a fixed order ({@code RemoteData.ORDER}) so that the data
 * path can walk them by index without an iterator; the order carries no meaning.
 */
public final class LookupResult
{
    private final boolean multiple;
    private final RemoteData[] members;
    private final int hash;

    private LookupResult(final boolean multiple, final RemoteData[] members)
    {
        this.multiple = multiple;
        this.members = members;
        this.hash = Arrays.hashCode(members) * 31 + (multiple ? 1 : 0);
    }

    /**
     * @param data the one remote.
     * @return {@code Single(data)}.
     */
    public static LookupResult single(final RemoteData data)
    {
        if (data == null)
        {
            throw new IllegalArgumentException("null remote data");
        }
        return new LookupResult(false, new RemoteData[] {data});
    }

    /**
     * @param data the members (duplicates collapse; may be empty).
     * @return {@code MultipleMatches(data)}.
     */
    public static LookupResult multiple(final Collection<RemoteData> data)
    {
        final TreeSet<RemoteData> sorted = new TreeSet<>(RemoteData.ORDER);
        sorted.addAll(data);
        return new LookupResult(true, sorted.toArray(new RemoteData[0]));
    }

    /**
     * @param data the members.
     * @return {@code MultipleMatches(data)}.
     */
    public static LookupResult multiple(final RemoteData... data)
    {
        return multiple(Arrays.asList(data));
    }

    /**
     * @return true for Single.
     */
    public boolean isSingle()
    {
        return !multiple;
    }

    /**
     * @return true for MultipleMatches.
     */
    public boolean isMultiple()
    {
        return multiple;
    }

    /**
     * @return the remote data of a Single result.
     * @throws IllegalStateException for MultipleMatches.
     */
    public RemoteData single()
    {
        if (multiple)
        {
            throw new IllegalStateException("not a Single result: " + this);
        }
        return members[0];
    }

    /**
     * @return the number of members: 1 for Single, the set size (possibly 0) for MultipleMatches.
     */
    public int size()
    {
        return members.length;
    }

    /**
     * Allocation-free access for the data path.
     *
     * @param index 0..size()-1.
     * @return the member at that index.
     */
    public RemoteData member(final int index)
    {
        return members[index];
    }

    /**
     * @return the members as a set (a copy; not for the data path).
     */
    public Set<RemoteData> members()
    {
        return new LinkedHashSet<>(Arrays.asList(members));
    }

    /**
     * The union of two MultipleMatches results (build time).
     *
     * @param other another MultipleMatches result.
     * @return MultipleMatches of both sets.
     */
    LookupResult union(final LookupResult other)
    {
        final List<RemoteData> all = new ArrayList<>(Arrays.asList(members));
        all.addAll(Arrays.asList(other.members));
        return multiple(all);
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (this == obj)
        {
            return true;
        }
        if (!(obj instanceof LookupResult))
        {
            return false;
        }
        final LookupResult other = (LookupResult) obj;
        return multiple == other.multiple && hash == other.hash && Arrays.equals(members, other.members);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    /**
     * @return {@code Single(RD(...))} or {@code MultipleMatches{RD(...), ...}}.
     */
    @Override
    public String toString()
    {
        if (!multiple)
        {
            return "Single(" + members[0] + ")";
        }
        final StringBuilder sb = new StringBuilder("MultipleMatches{");
        for (int i = 0; i < members.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(members[i]);
        }
        return sb.append('}').toString();
    }
}
