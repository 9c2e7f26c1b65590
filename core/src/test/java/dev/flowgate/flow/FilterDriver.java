// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The flow-filter's decision tree of docs/spec/flow-filter.md section 4, reduced to the flow-information accesses: the
 * table lookup result is an input ({@link #PATH_SINGLE}, {@link #PATH_MULTI}, {@link #PATH_NONE}, or an early exit
 * {@link #PATH_EARLY_EXIT} for NotIp / Unroutable before the lookup).
 */
final class FilterDriver
{
    static final int PATH_SINGLE = 0;
    static final int PATH_MULTI = 1;
    static final int PATH_NONE = 2;
    static final int PATH_EARLY_EXIT = 3;

    static final int BYPASS = 0;
    static final int ACCEPT = 1;
    static final int FILTERED = 2;
    static final int UNROUTABLE = 3;
    static final int EARLY_EXIT = 4;

    static final int TABLE_VNI = 200;

    int verdict;
    int dstVni;
    int natFlag;

    /**
     * @param singleNatFails the Single candidate fails R1/R2 (only matters without an active flow)
     * @param dealResolves   deal_with_multiple_matches resolves to TABLE_VNI (no active flow case)
     */
    void process(
        final FlowInfoReader reader, final FlowInfo flow, final long genid, final int path,
        final boolean singleNatFails, final boolean dealResolves)
    {
        natFlag = 0;
        dstVni = -1;
        reader.begin(flow, genid);
        if (reader.tryBypass())
        {
            verdict = BYPASS;
            dstVni = reader.dstVni();
            natFlag = reader.natFlag();
            return;
        }
        int candidate = 0;
        switch (path)
        {
            case PATH_EARLY_EXIT:
                verdict = EARLY_EXIT;
                return;
            case PATH_SINGLE:
                if (!reader.hasActiveFlow() && singleNatFails)
                {
                    verdict = FILTERED;
                    return;
                }
                candidate = TABLE_VNI;
                break;
            case PATH_MULTI:
                final int mm = reader.multiMatch();
                if (mm == FlowInfoReader.MM_UNROUTABLE)
                {
                    verdict = UNROUTABLE;
                    return;
                }
                if (mm == FlowInfoReader.MM_MASQUERADE || mm == FlowInfoReader.MM_PORT_FORWARDING)
                {
                    candidate = reader.dstVni();
                    natFlag = mm == FlowInfoReader.MM_MASQUERADE ?
                        FlowInfoReader.NAT_MASQUERADE : FlowInfoReader.NAT_PORT_FORWARDING;
                }
                else if (mm == FlowInfoReader.MM_NO_ACTIVE_FLOW && dealResolves)
                {
                    candidate = TABLE_VNI;
                }
                break;
            default:
                break;
        }
        if (candidate == 0)
        {
            if (reader.hasFlow())
            {
                reader.invalidatePair();
            }
            verdict = FILTERED;
            return;
        }
        if (reader.hasFlow())
        {
            reader.setGenidPair(genid);
        }
        verdict = ACCEPT;
        dstVni = candidate;
    }
}
