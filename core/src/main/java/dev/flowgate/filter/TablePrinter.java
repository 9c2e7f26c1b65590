// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Writes tables as text: per source VPC and subtable, each source cell, its destination cells and their results.
 */
final class TablePrinter
{
    private final FlowFilterTables tables;
    private final IntFunction<String> vpcName;
    private final StringBuilder out = new StringBuilder();

    TablePrinter(final FlowFilterTables tables, final IntFunction<String> vpcName)
    {
        this.tables = tables;
        this.vpcName = vpcName;
    }

    String print(final int onlyVni)
    {
        final TreeSet<Integer> vnis = new TreeSet<>(tables.subtable(true).keySet());
        vnis.addAll(tables.subtable(false).keySet());
        for (final int vni : vnis)
        {
            if (onlyVni != 0 && vni != onlyVni)
            {
                continue;
            }
            out.append("source VPC ").append(name(vni)).append('\n');
            subtable("with-ports", tables.subtable(true).get(vni));
            subtable("no-ports", tables.subtable(false).get(vni));
        }
        return out.toString();
    }

    private String name(final int vni)
    {
        final String name = vpcName.apply(vni);
        return name == null ? "VNI " + vni : name + " (VNI " + vni + ")";
    }

    private void subtable(final String label, final VpcConnectionsTable table)
    {
        out.append("  ").append(label).append(" subtable");
        if (table == null)
        {
            out.append(": empty\n");
            return;
        }
        out.append(":\n");
        for (final Map.Entry<Prefix, PortRangeMap<DstConnectionData>> entry : table.trie().sorted().entrySet())
        {
            source(entry.getKey().toString(), entry.getValue());
        }
        if (table.defaultSource() != null)
        {
            source("default", table.defaultSource());
        }
    }

    private void source(final String prefix, final PortRangeMap<DstConnectionData> map)
    {
        if (map.isAllPorts())
        {
            sourceCell(prefix, map.allPortsValue());
            return;
        }
        for (final Map.Entry<PortRange, DstConnectionData> entry : map.ranges().entrySet())
        {
            sourceCell(prefix + ":" + entry.getKey(), entry.getValue());
        }
    }

    private void sourceCell(final String cell, final DstConnectionData data)
    {
        out.append("    from ").append(cell).append('\n');
        for (final Map.Entry<Prefix, PortRangeMap<LookupResult>> entry : data.trie().sorted().entrySet())
        {
            destination(entry.getKey().toString(), entry.getValue());
        }
        if (data.defaultRemote() != null)
        {
            destination("default", data.defaultRemote());
        }
    }

    private void destination(final String prefix, final PortRangeMap<LookupResult> map)
    {
        if (map.isAllPorts())
        {
            destinationCell(prefix, map.allPortsValue());
            return;
        }
        for (final Map.Entry<PortRange, LookupResult> entry : map.ranges().entrySet())
        {
            destinationCell(prefix + ":" + entry.getKey(), entry.getValue());
        }
    }

    private void destinationCell(final String cell, final LookupResult result)
    {
        out.append("      to ").append(cell).append(" => ");
        if (result.isSingle())
        {
            out.append("Single(");
            member(result.single());
            out.append(")\n");
            return;
        }
        out.append("MultipleMatches{");
        for (int i = 0; i < result.size(); i++)
        {
            out.append(i == 0 ? "" : "; ");
            member(result.member(i));
        }
        out.append("}\n");
    }

    private void member(final RemoteData data)
    {
        final String name = vpcName.apply(data.vni());
        out.append(name == null ? "VNI " + data.vni() : name)
            .append(" src-nat=").append(data.srcNatReq() == null ? "none" : data.srcNatReq())
            .append(" dst-nat=").append(data.dstNatReq() == null ? "none" : data.dstNatReq());
    }
}
