// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's output formats (docs/spec/scenario-format.md section 4): JSON lines with exactly the documented keys,
 * and a readable table.
 */
public final class ScenarioOutput
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScenarioOutput()
    {
    }

    /**
     * One JSON line: {@code packet, verdict, reason, dst_vpc, nat, out} (and {@code sync} with sync stats).
     *
     * @param o the outcome.
     * @return the line, without a newline.
     */
    public static String jsonl(final PacketOutcome o)
    {
        final Map<String, Object> line = new LinkedHashMap<>();
        line.put("packet", o.packet());
        line.put("verdict", o.verdict());
        line.put("reason", o.reason());
        line.put("dst_vpc", o.dstVni() == 0 ? null : o.dstVni());
        line.put("nat", o.nat());
        if (o.outSrc() == null)
        {
            line.put("out", null);
        }
        else
        {
            final Map<String, Object> out = new LinkedHashMap<>();
            out.put("src", o.outSrc());
            out.put("dst", o.outDst());
            line.put("out", out);
        }
        if (o.sync() != null)
        {
            final Map<String, Object> sync = new LinkedHashMap<>();
            sync.put("status_loads", o.sync()[0]);
            sync.put("genid_loads", o.sync()[1]);
            sync.put("locks", o.sync()[2]);
            line.put("sync", sync);
        }
        try
        {
            return JSON.writeValueAsString(line);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot write JSON", ex);
        }
    }

    /**
     * A table: a header line, then one aligned line per packet; the drop's stage is shown with its reason.
     *
     * @param outcomes the outcomes.
     * @return the text, lines ending in newlines.
     */
    public static String table(final List<PacketOutcome> outcomes)
    {
        final boolean sync = !outcomes.isEmpty() && outcomes.get(0).sync() != null;
        final String[] header = sync ?
            new String[] {"PACKET", "VERDICT", "REASON (STAGE)", "DST_VPC", "NAT", "OUT", "SYNC S/G/L"} :
            new String[] {"PACKET", "VERDICT", "REASON (STAGE)", "DST_VPC", "NAT", "OUT"};
        final String[][] rows = new String[outcomes.size() + 1][];
        rows[0] = header;
        for (int i = 0; i < outcomes.size(); i++)
        {
            final PacketOutcome o = outcomes.get(i);
            final String reason = o.reason() == null ? "-" : o.reason() + " (" + o.stage() + ")";
            final String out = o.outSrc() == null ? "-" : o.outSrc() + " -> " + o.outDst();
            final String nat = o.nat().isEmpty() ? "-" : String.join(",", o.nat());
            final String dst = o.dstVni() == 0 ? "-" : Integer.toString(o.dstVni());
            rows[i + 1] = sync ?
                new String[] {o.packet(), o.verdict(), reason, dst, nat, out,
                    o.sync()[0] + "/" + o.sync()[1] + "/" + o.sync()[2]} :
                new String[] {o.packet(), o.verdict(), reason, dst, nat, out};
        }
        final int[] widths = new int[header.length];
        for (final String[] row : rows)
        {
            for (int c = 0; c < row.length; c++)
            {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (final String[] row : rows)
        {
            for (int c = 0; c < row.length; c++)
            {
                sb.append(c == row.length - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
