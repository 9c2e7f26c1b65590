// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.config.ConfigLoadException;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenario loader's located errors, the runner's output keys and expectation checking, sync stats per access
 * mode, LATE differences, and the example files.
 */
class ScenarioTest
{
    private static final String OVERLAY = String.join("\n",
        "vpcs:",
        "  - {name: a, id: VPC01, vni: 100}",
        "  - {name: b, id: VPC02, vni: 200}",
        "peerings:",
        "  - name: a-b",
        "    left:",
        "      vpc: a",
        "      expose:",
        "        - {ips: [10.1.0.0/16], nat: {mode: masquerade, as: [192.0.2.0/28], idle_timeout: 60}}",
        "    right: {vpc: b, expose: [{ips: [10.2.0.0/16]}]}",
        "");

    private static Path root()
    {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("scenarios")))
        {
            p = p.getParent();
        }
        return p;
    }

    private static ScenarioResult run(final String text, final ScenarioRunner.Settings settings) throws Exception
    {
        return ScenarioRunner.run(ScenarioLoader.load("t.yaml", text, null), settings);
    }

    @Test
    void shouldReportEveryProblemLocatedAtOnce()
    {
        final String text = OVERLAY + String.join("\n",
            "packets:",
            "  - {name: p1, src_vpc: nowhere, proto: tcp, src: 10.1.0.1, dst: 10.2.0.1:80}",
            "  - {name: p2, proto: sctp, src: 10.1.0.1:1, dst: 10.2.0.1:80}",
            "  - {name: p3, reply_to: later, proto: tcp}",
            "  - {name: p4, src_vpc: a, proto: tcp, src: 10.1.0.1:1, dst: 10.2.0.1:80, flow: {status: active, "
                + "state: masquerade}, expect: {verdict: maybe}}",
            "");
        final ConfigLoadException ex = assertThrows(ConfigLoadException.class,
            () -> ScenarioLoader.load("bad.yaml", text, null));
        final String all = ex.problems().stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertTrue(all.contains("bad.yaml:13:"), all);
        assertTrue(all.contains("packets[0].src_vpc: unknown VPC \"nowhere\""), all);
        assertTrue(all.contains("packets[0].src: a tcp or udp src needs a port"), all);
        assertTrue(all.contains("packets[1].proto: proto must be one of"), all);
        assertTrue(all.contains("packets[2].reply_to: reply_to must name an earlier packet"), all);
        assertTrue(all.contains("packets[3].flow: flow: belongs to --stage flow-filter"), all);
        assertTrue(all.contains("packets[3].expect.verdict: verdict must be accept or drop"), all);
        assertTrue(all.contains("packets[2].proto: not allowed with reply_to"), all);
        assertEquals(7, ex.problems().size(), all);
    }

    @Test
    void shouldReportValidationErrorsOfTheOverlay()
    {
        final String text = OVERLAY.replace("as: [192.0.2.0/28], ", "as: [], ");
        final ConfigLoadException ex = assertThrows(ConfigLoadException.class,
            () -> ScenarioLoader.load("v.yaml", text, null));
        assertTrue(ex.getMessage().contains("peerings[0].left.expose[0].nat"), ex.getMessage());
        final String unvalidated = text.replace("vpcs:", "validate: false\nvpcs:");
        ScenarioLoaderAccess.noThrow(() -> ScenarioLoader.load("v.yaml", unvalidated, null));
    }

    @Test
    void shouldPrintExactlyTheDocumentedKeysAndCheckExpectations() throws Exception
    {
        final String text = OVERLAY + String.join("\n",
            "packets:",
            "  - {name: ok, src_vpc: a, proto: tcp, src: 10.1.0.1:1000, dst: 10.2.0.1:80,",
            "     expect: {verdict: accept, dst_vpc: b, nat: [masquerade],",
            "              out: {src: 192.0.2.0, dst: \"10.2.0.1:80\"}}}",
            "  - {name: r1, src_vpc: b, proto: udp, src: 10.2.0.1:53, dst: 192.0.2.1:1000,",
            "     expect: {verdict: accept}}",
            "");
        final ScenarioResult r = run(text, ScenarioRunner.Settings.DEFAULTS);
        assertEquals("{\"packet\":\"ok\",\"verdict\":\"accept\",\"reason\":null,\"dst_vpc\":200,"
            + "\"nat\":[\"masquerade\"],\"out\":{\"src\":\"192.0.2.0:1\",\"dst\":\"10.2.0.1:80\"}}",
            ScenarioOutput.jsonl(r.outcomes().get(0)));
        assertEquals("{\"packet\":\"r1\",\"verdict\":\"drop\",\"reason\":\"filtered\",\"dst_vpc\":null,\"nat\":[],"
            + "\"out\":null}", ScenarioOutput.jsonl(r.outcomes().get(1)));
        assertEquals(List.of("t.yaml:15: packet r1: verdict: expected accept, got drop (filtered)"), r.mismatches());
        assertTrue(ScenarioOutput.table(r.outcomes()).contains("filtered (flow-filter)"));
    }

    @Test
    void shouldDropInvalidNatRequirementsInTheNatStagesUnderLate() throws Exception
    {
        // Same verdicts under LATE; the port-forwarding and masquerade stages drop what the flow-filter drops early.
        final Scenario s = ScenarioLoader.load(root().resolve("scenarios/default-topology.yaml"), null);
        final ScenarioResult early = ScenarioRunner.run(s, ScenarioRunner.Settings.DEFAULTS);
        final ScenarioResult late = ScenarioRunner.run(s,
            new ScenarioRunner.Settings(NatValidation.LATE, FlowInfoAccess.SINGLE_LOCK, false, LookupKind.COMPILED));
        assertEquals(List.of(), late.differences());
        assertEquals("flow-filter", outcome(early, "port-forwarded-host-originates").stage());
        assertEquals("port-forward", outcome(late, "port-forwarded-host-originates").stage());
        assertEquals("flow-filter", outcome(early, "masquerade-pool-from-outside").stage());
        assertEquals("masquerade", outcome(late, "masquerade-pool-from-outside").stage());
    }

    private static PacketOutcome outcome(final ScenarioResult result, final String name)
    {
        return result.outcomes().stream().filter(o -> o.packet().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldCountSyncStatsOfFlowFilterStage(final FlowInfoAccess access) throws Exception
    {
        final Path file = root().resolve("scenarios/flow-filter-flows.yaml");
        final Scenario s = ScenarioLoader.load(file, null);
        final ScenarioResult r = ScenarioRunner.run(s, new ScenarioRunner.Settings(NatValidation.EARLY, access, true,
            LookupKind.COMPILED));
        assertEquals(List.of(), r.mismatches(), "verdicts and flags identical in every mode");
        for (final PacketOutcome o : r.outcomes())
        {
            final int[] sync = o.sync();
            if (access != FlowInfoAccess.MULTI_LOCK)
            {
                assertTrue(sync[0] <= 1 && sync[1] <= 1 && sync[2] <= 1, o.packet());
            }
            if (access == FlowInfoAccess.SNAPSHOT || access == FlowInfoAccess.OPTIMISTIC ||
                access == FlowInfoAccess.INLINE)
            {
                assertEquals(0, sync[2], o.packet());
            }
        }
        final PacketOutcome bypass = r.outcomes().get(0);
        assertEquals("bypass-masquerade", bypass.packet());
        final String json = ScenarioOutput.jsonl(bypass);
        if (access == FlowInfoAccess.MULTI_LOCK)
        {
            assertTrue(json.endsWith("\"sync\":{\"status_loads\":1,\"genid_loads\":1,\"locks\":2}}"), json);
        }
    }

    @Test
    void shouldRunEveryExampleScenarioWithItsExpectations() throws Exception
    {
        try (var files = Files.list(root().resolve("scenarios")))
        {
            final List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(yamls.size() >= 2);
            for (final Path f : yamls)
            {
                final ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(f, null),
                    ScenarioRunner.Settings.DEFAULTS);
                assertEquals(List.of(), r.mismatches(), f.toString());
            }
        }
    }

    @Test
    void shouldPlaceTheEarlyLateDropInDifferentStagesWithTheSameVerdict() throws Exception
    {
        final Scenario s = ScenarioLoader.load(root().resolve("scenarios/early-late.yaml"), null);
        final ScenarioResult early = ScenarioRunner.run(s, ScenarioRunner.Settings.DEFAULTS);
        final ScenarioResult late = ScenarioRunner.run(s,
            new ScenarioRunner.Settings(NatValidation.LATE, FlowInfoAccess.SINGLE_LOCK, false, LookupKind.COMPILED));
        assertEquals("flow-filter", early.outcomes().get(0).stage());
        assertEquals("masquerade", late.outcomes().get(0).stage());
        assertEquals("filtered", late.outcomes().get(0).reason());
        assertEquals(List.of(), late.differences(), "same pipeline verdict");
        assertEquals(List.of(), late.mismatches());
    }

    @Test
    void shouldForwardPortsWithTheSameVerdictsUnderEarlyAndLate() throws Exception
    {
        final Scenario s = ScenarioLoader.load(root().resolve("scenarios/nat-port-forward.yaml"), null);
        final ScenarioResult early = ScenarioRunner.run(s, ScenarioRunner.Settings.DEFAULTS);
        final ScenarioResult late = ScenarioRunner.run(s,
            new ScenarioRunner.Settings(NatValidation.LATE, FlowInfoAccess.SINGLE_LOCK, false, LookupKind.COMPILED));
        assertEquals(List.of(), early.mismatches());
        assertEquals(List.of(), late.mismatches());
        assertEquals(List.of(), late.differences(), "same pipeline verdicts");
        // tcp-first-packet-without-syn: the port-forward stage refuses to open a connection without SYN, in both.
        assertEquals("port-forward", early.outcomes().get(3).stage());
        assertEquals("port-forward", late.outcomes().get(3).stage());
        // tcp-port-outside-rule: no destination in the flow-filter's table, in both.
        assertEquals("flow-filter", early.outcomes().get(6).stage());
        assertEquals("flow-filter", late.outcomes().get(6).stage());
        // server-initiated-syn: EARLY's R2 in the flow-filter, LATE's missing rule in the port-forward stage.
        assertEquals("flow-filter", early.outcomes().get(7).stage());
        assertEquals("port-forward", late.outcomes().get(7).stage());
        assertEquals("filtered", late.outcomes().get(7).reason());
    }

    @Test
    void shouldEmbedTheDefaultTopologyIdenticalToTheExampleFile() throws Exception
    {
        try (InputStream in = ScenarioTest.class.getResourceAsStream("/dev/flowgate/scenario/default-topology.yaml"))
        {
            final String embedded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(Files.readString(root().resolve("scenarios/default-topology.yaml")), embedded);
        }
    }

    /** Runs a loader call that must succeed. */
    private static final class ScenarioLoaderAccess
    {
        interface Call
        {
            Object call() throws Exception;
        }

        static void noThrow(final Call call)
        {
            try
            {
                call.call();
            }
            catch (final Exception ex)
            {
                throw new AssertionError("expected no problem", ex);
            }
        }
    }
}
