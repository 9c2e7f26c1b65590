// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayLoaderTest
{
    static final String EXAMPLE = String.join("\n",
        "name: example",
        "stage: flow-filter",
        "genid: 3",
        "validate: false",
        "vpcs:",
        "  - {name: web, id: VPC01, vni: 100}",
        "  - {name: db, id: VPC02, vni: 200}",
        "peerings:",
        "  - name: web-to-db",
        "    left:",
        "      vpc: web",
        "      expose:",
        "        - ips: [10.1.0.0/16]",
        "          not: [10.1.255.0/24]",
        "          nat: {mode: masquerade, as: [203.0.113.0/28], idle_timeout: 120}",
        "        - ips: [\"10.1.0.10/32:8443-8443\"]",
        "          nat: {mode: port-forward, proto: tcp, as: [\"203.0.113.20/32:443-443\"]}",
        "    right:",
        "      vpc: db",
        "      expose:",
        "        - ips: [10.2.0.0/24]",
        "          nat: {mode: static, as: [198.51.100.0/24]}",
        "        - default: true",
        "packets:",
        "  - {name: first-syn, src_vpc: web, proto: tcp, src: 10.1.0.7:40000, dst: 198.51.100.9:5432}",
        "");

    private static PrefixWithOptionalPorts p(final String text)
    {
        return PrefixWithOptionalPorts.parse(text);
    }

    private static List<String> problems(final String yaml)
    {
        final ConfigLoadException ex =
            assertThrows(ConfigLoadException.class, () -> OverlayLoader.load("f.yaml", yaml));
        return ex.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void shouldLoadTheScenarioFormatExample() throws ConfigLoadException
    {
        final Overlay overlay = OverlayLoader.load("example.yaml", EXAMPLE);
        assertEquals(List.of(new Vpc("web", "VPC01", 100), new Vpc("db", "VPC02", 200)), overlay.vpcs());
        final Peering peering = overlay.peering("web-to-db");
        assertEquals("web", peering.left().vpc());
        final Expose masq = peering.left().exposes().get(0);
        assertEquals(List.of(p("10.1.0.0/16")), masq.ips());
        assertEquals(List.of(p("10.1.255.0/24")), masq.nots());
        assertEquals(NatMode.MASQUERADE, masq.nat().mode());
        assertEquals(List.of(p("203.0.113.0/28")), masq.nat().as());
        assertEquals(Duration.ofSeconds(120), masq.nat().idleTimeout());
        assertEquals(L4Protocol.ANY, masq.nat().proto());
        final Expose pf = peering.left().exposes().get(1);
        assertEquals(NatRequirement.PORT_FORWARDING_TCP, pf.natRequirement());
        assertEquals(List.of(p("203.0.113.20/32:443-443")), pf.publicIps());
        assertEquals(List.of(p("10.1.0.10/32:8443-8443")), pf.ips());
        final Expose stat = peering.right().exposes().get(0);
        assertEquals(NatRequirement.STATELESS, stat.natRequirement());
        assertNull(stat.nat().idleTimeout());
        assertEquals(Expose.DEFAULT, peering.right().exposes().get(1));
        assertEquals(200, overlay.peeringsOf("web").get(0).remoteVni());
    }

    @Test
    void shouldBuildTheSameOverlayAsTheBuilder() throws ConfigLoadException
    {
        final Overlay built = Overlay.builder().vpc("web", "VPC01", 100).vpc("db", "VPC02", 200)
            .peering("web-to-db",
                Manifest.of("web",
                    Expose.builder().ips("10.1.0.0/16").not("10.1.255.0/24").masquerade("203.0.113.0/28")
                        .idleTimeout(Duration.ofSeconds(120)).build(),
                    Expose.builder().ips("10.1.0.10/32:8443-8443")
                        .portForward(L4Protocol.TCP, "203.0.113.20/32:443-443").build()),
                Manifest.of("db", Expose.builder().ips("10.2.0.0/24").staticNat("198.51.100.0/24").build(),
                    Expose.DEFAULT))
            .build();
        assertEquals(built, OverlayLoader.load("example.yaml", EXAMPLE));
    }

    @Test
    void shouldLoadFromAFileWithIpv6AndHostBitsZeroed(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("v6.yaml");
        Files.writeString(file, String.join("\n",
            "vpcs: [{name: a, id: AAAAA, vni: 1}, {name: b, id: bbbbb, vni: 16777215}]",
            "peerings:",
            "  - name: p",
            "    left: {vpc: a, expose: [{ips: [\"2001:db8::1/64:80-81\", \"2001:db9::/32\"]}]}",
            "    right:",
            "      vpc: b",
            "      expose:",
            "        - ips:",
            "            - 2001:dba::/48",
            "            - 10.0.3.0/23",
            ""));
        final Overlay overlay = OverlayLoader.load(file);
        final Peering peering = overlay.peering("p");
        assertEquals(List.of(p("2001:db8::/64:80-81"), p("2001:db9::/32")), peering.left().exposes().get(0).ips());
        assertEquals(List.of(p("2001:dba::/48"), p("10.0.2.0/23")), peering.right().exposes().get(0).ips());
    }

    @Test
    void shouldReportEveryProblemWithFileLineColumnAndPath()
    {
        final List<String> problems = problems(String.join("\n",
            "vpcs:",
            "  - {name: web, id: VPC01, vni: 100, colour: red}",
            "  - {name: db, id: VPC-2, vni: 0}",
            "  - {name: web, id: VPC01, vni: 100}",
            "  - {id: VPC09, vni: ten}",
            "peerings:",
            "  - name: web-to-db",
            "    left:",
            "      vpc: web",
            "      expose:",
            "        - ips: [10.1.0.0/33]",
            "          not: 10.1.255.0/24",
            "          nat: {mode: masq, as: [\"203.0.113.0/28:90-80\"], proto: icmp}",
            "        - ips: [\"10.1.0.10/32:8443\"]",
            "          nat: {mode: static, as: [1.2.3.4/32], idle_timeout: 5}",
            "    right:",
            "      vpc: nowhere",
            "      expose:",
            "        - default: yes please",
            "  - name: web-to-db",
            "    left: {vpc: db}",
            "    right: [oops]",
            "unexpected: 1",
            ""));
        assertEquals(List.of(
            "f.yaml:2:38: vpcs[0].colour: unknown key \"colour\" (expected name, id, vni)",
            "f.yaml:3:20: vpcs[1].id: id \"VPC-2\" must be exactly 5 ASCII letters or digits",
            "f.yaml:3:32: vpcs[1].vni: integer 0 outside 1..16777215",
            "f.yaml:4:12: vpcs[2].name: duplicate VPC name \"web\" (first at vpcs[0].name)",
            "f.yaml:4:21: vpcs[2].id: duplicate VPC id \"VPC01\" (first at vpcs[0].id)",
            "f.yaml:4:33: vpcs[2].vni: duplicate VNI 100 (first at vpcs[0].vni)",
            "f.yaml:5:5: vpcs[3].name: missing required key \"name\"",
            "f.yaml:5:22: vpcs[3].vni: expected an integer, found a string",
            "f.yaml:11:17: peerings[0].left.expose[0].ips[0]: invalid prefix \"10.1.0.0/33\": length 33 exceeds 32",
            "f.yaml:12:16: peerings[0].left.expose[0].not: expected a list, found a string",
            "f.yaml:13:23: peerings[0].left.expose[0].nat.mode: unknown NAT mode \"masq\" (expected static,"
                + " masquerade or port-forward)",
            "f.yaml:13:34: peerings[0].left.expose[0].nat.as[0]: invalid prefix with ports \"203.0.113.0/28:90-80\":"
                + " invalid port range \"90-80\": first port 90 is greater than last port 80",
            "f.yaml:13:66: peerings[0].left.expose[0].nat.proto: unknown protocol \"icmp\", expected tcp, udp or any",
            "f.yaml:14:17: peerings[0].left.expose[1].ips[0]: invalid prefix with ports \"10.1.0.10/32:8443\":"
                + " invalid port range \"8443\": expected FIRST-LAST",
            "f.yaml:15:63: peerings[0].left.expose[1].nat.idle_timeout: idle_timeout does not apply to static NAT",
            "f.yaml:17:12: peerings[0].right.vpc: unknown VPC \"nowhere\"",
            "f.yaml:19:20: peerings[0].right.expose[0].default: expected true or false, found a string",
            "f.yaml:20:11: peerings[1].name: duplicate peering name \"web-to-db\" (first at peerings[0].name)",
            "f.yaml:21:11: peerings[1].left.expose: missing required key \"expose\"",
            "f.yaml:22:12: peerings[1].right: expected a mapping, found a list",
            "f.yaml:23:1: unexpected: unknown key \"unexpected\" (expected name, stage, genid, validate, packets,"
                + " vpcs, peerings)"),
            problems);
    }

    @Test
    void shouldRefuseAnIdleTimeoutAboveOneDay()
    {
        // docs/spec/flow-table.md section 11.6: an INLINE slot's last-seen tick reads exactly within 39 hours.
        final String yaml = EXAMPLE.replace("idle_timeout: 120", "idle_timeout: %d");
        assertEquals(List.of("f.yaml:15:71: peerings[0].left.expose[0].nat.idle_timeout: integer 86401 outside"
            + " 1..86400"), problems(String.format(yaml, 86_401)));
        assertDoesNotThrow(() -> OverlayLoader.load("f.yaml", String.format(yaml, 86_400)));
    }

    @Test
    void shouldReportMissingTopLevelKeysAndDuplicateKeys()
    {
        assertEquals(List.of("f.yaml:1:1: vpcs: missing required key \"vpcs\"",
            "f.yaml:1:1: peerings: missing required key \"peerings\""), problems("name: x\n"));
        assertEquals(List.of("f.yaml:2:1: vpcs: duplicate key \"vpcs\" (first at line 1)"),
            problems("vpcs: []\nvpcs: []\npeerings: []\n"));
        assertEquals(List.of("f.yaml:1:1: (document): expected a mapping, found a list"), problems("- 1\n"));
        assertEquals(List.of("f.yaml:1:1: (document): the document is empty"), problems(""));
        assertEquals(List.of("f.yaml:4:1: (document): a file holds one YAML document, found more"),
            problems("vpcs: []\npeerings: []\n---\nvpcs: []\n"));
    }

    @Test
    void shouldReportYamlSyntaxErrorsWithTheirLocation()
    {
        final List<String> problems = problems("vpcs: [\npeerings: {a: b\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("f.yaml:"), problems.get(0));
        assertTrue(problems.get(0).contains(": (document): invalid YAML: "), problems.get(0));
        assertFalse(problems.get(0).contains("\n"));
        assertEquals(List.of("f.yaml:1:8: (document): invalid YAML: while parsing a flow node: expected the node"
            + " content, but found ':'"), problems("vpcs: [::/0]\n"));
    }

    @Test
    void shouldReportAnUnreadableFile(@TempDir final Path dir)
    {
        final ConfigLoadException ex = assertThrows(ConfigLoadException.class,
            () -> OverlayLoader.load(dir.resolve("missing.yaml")));
        assertEquals(1, ex.problems().size());
        assertTrue(ex.getMessage().contains("missing.yaml:1:1: (document): cannot read file"), ex.getMessage());
        assertEquals(0, ex.getStackTrace().length);
    }

    @Test
    void shouldFindNodesByPathForOtherLoaders() throws ConfigLoadException
    {
        final DocNode root = YamlDocument.parse("example.yaml", EXAMPLE);
        final DocNode as = root.at("peerings[0].left.expose[1].nat.as[0]");
        assertEquals("peerings[0].left.expose[1].nat.as[0]", as.path());
        assertEquals(17, as.line());
        assertEquals("203.0.113.20/32:443-443", as.text());
        assertEquals("peerings[0].left.expose[1]", root.at("peerings[0].left.expose[1].nat.nothing").path()
            .replace(".nat", ""));
        assertEquals(root, root.at(""));
        final DocNode packet = root.at("packets[0]");
        assertEquals(25, packet.line());
        final Problems problems = new Problems("example.yaml");
        final MappingReader reader = MappingReader.of(packet, problems);
        assertEquals("first-syn", reader.requiredString("name"));
        reader.accept("src_vpc", "proto", "src", "dst");
        reader.finish();
        assertTrue(problems.isEmpty());
        assertEquals(OverlayLoader.read(root, problems), OverlayLoader.read(root, new Problems("x")));
    }
}
