// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import dev.flowgate.config.ConfigError;
import dev.flowgate.config.ConfigLoadException;
import dev.flowgate.config.ConfigProblem;
import dev.flowgate.config.DocNode;
import dev.flowgate.config.MappingReader;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.OverlayLoader;
import dev.flowgate.config.OverlayValidator;
import dev.flowgate.config.Problems;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.YamlDocument;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.TableConflictException;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.nat.MasqueradeTables;
import dev.flowgate.nat.NatConfigException;
import dev.flowgate.nat.StaticNatTables;
import dev.flowgate.packet.hdr.TcpDescriptor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario file (docs/spec/scenario-format.md): the overlay through {@link OverlayLoader}, validation unless
 * {@code validate: false}, the flow-filter tables (a build conflict is a problem too), then the packets. Every problem
 * of the file is collected and reported at once as {@code FILE:LINE:COLUMN: PATH: reason}.
 */
public final class ScenarioLoader
{
    private static final Set<String> PROTOS = Set.of("tcp", "udp", "icmp", "icmp-reply", "icmp-error", "raw");
    private static final Set<String> NAT_NAMES = Set.of("masquerade", "static", "port-forward");

    private final Problems problems;
    private final Overlay overlay;
    private final ScenarioStage stage;
    private final Set<String> earlier = new HashSet<>();

    private ScenarioLoader(final Problems problems, final Overlay overlay, final ScenarioStage stage)
    {
        this.problems = problems;
        this.overlay = overlay;
        this.stage = stage;
    }

    /**
     * Loads and checks a scenario file.
     *
     * @param file          the file.
     * @param stageOverride the stage to run ({@code --stage}), or null for the file's.
     * @return the scenario.
     * @throws ConfigLoadException with every problem found.
     */
    public static Scenario load(final Path file, final ScenarioStage stageOverride) throws ConfigLoadException
    {
        return load(file.toString(), YamlDocument.read(file), stageOverride);
    }

    /**
     * Loads and checks scenario text.
     *
     * @param source        the name used in problems.
     * @param text          the YAML text.
     * @param stageOverride the stage to run, or null for the file's.
     * @return the scenario.
     * @throws ConfigLoadException with every problem found.
     */
    public static Scenario load(final String source, final String text, final ScenarioStage stageOverride)
        throws ConfigLoadException
    {
        return load(source, YamlDocument.parse(source, text), stageOverride);
    }

    private static Scenario load(final String source, final DocNode root, final ScenarioStage stageOverride)
        throws ConfigLoadException
    {
        final Problems problems = new Problems(source);
        final Overlay overlay = OverlayLoader.read(root, problems);
        if (!root.isMap())
        {
            problems.throwIfAny();
        }
        final MappingReader top = MappingReader.of(root, problems);
        top.accept("vpcs", "peerings");
        final String fileName = Path.of(source).getFileName().toString();
        final String name = top.optionalString("name");
        final String stageText = top.optionalString("stage");
        ScenarioStage stage = ScenarioStage.PIPELINE;
        if (stageText != null)
        {
            stage = ScenarioStage.fromLabel(stageText);
            if (stage == null)
            {
                problems.add(root.get("stage"), "stage must be pipeline or flow-filter, found \"" + stageText + "\"");
                stage = ScenarioStage.PIPELINE;
            }
        }
        if (stageOverride != null)
        {
            stage = stageOverride;
        }
        final Long genid = top.optionalInteger("genid", 0, LockFreeFlowTable.MAX_GENID);
        final boolean validate = top.optionalBoolean("validate", true);
        final List<DocNode> packetNodes = top.optionalList("packets");
        if (overlay != null && validate)
        {
            for (final ConfigError error : OverlayValidator.validate(overlay))
            {
                final ConfigProblem p = error.locate(root, source);
                problems.add(p.line(), p.column(), p.path(), p.reason());
            }
        }
        if (overlay != null && problems.isEmpty())
        {
            try
            {
                FlowFilterTables.build(overlay);
                StaticNatTables.build(overlay);
                MasqueradeTables.build(overlay, MasqueradeAllocator.deterministic());
            }
            catch (final TableConflictException | IllegalStateException | NatConfigException ex)
            {
                final DocNode peerings = root.get("peerings");
                problems.add(peerings == null ? root : peerings, "the tables cannot be built: " + ex.getMessage());
            }
        }
        final List<PacketSpec> packets = new ArrayList<>();
        if (overlay != null)
        {
            final ScenarioLoader loader = new ScenarioLoader(problems, overlay, stage);
            for (final DocNode node : packetNodes)
            {
                final PacketSpec spec = loader.packet(node);
                if (spec != null)
                {
                    packets.add(spec);
                }
            }
        }
        problems.throwIfAny();
        return new Scenario(source, name == null ? fileName : name, stage, genid == null ? 0 : genid, overlay,
            packets);
    }

    /**
     * The keys of one packet entry, in the order they are read (problems are reported in that order); which of them
     * may appear together is checked afterwards.
     */
    private record PacketKeys(
        String name, boolean isReply, String replyTo, String innerOf, DocNode vpc, String proto, DocNode src,
        DocNode dst, DocNode tcpFlags, DocNode flow, DocNode expect, DocNode inner, DocNode hex)
    {
    }

    private PacketSpec packet(final DocNode node)
    {
        final int before = problems.size();
        final PacketKeys k = packetKeys(node);
        checkProto(node, k);
        final int srcVni = k.vpc() == null ? 0 : vni(k.vpc());
        Endpoint src = null;
        Endpoint dst = null;
        byte[] raw = null;
        PacketSpec.InnerSpec inner = null;
        if (!k.isReply() && k.proto() != null && PROTOS.contains(k.proto()))
        {
            if ("raw".equals(k.proto()))
            {
                raw = hex(node, k.hex());
                rejectPresent("not allowed for a raw packet (the frame is given in hex)", k.src(), k.dst());
            }
            else
            {
                rejectPresent("hex is only for proto raw", k.hex());
                final boolean ports = "tcp".equals(k.proto()) || "udp".equals(k.proto());
                src = endpoint(node, k.src(), "src", ports);
                dst = endpoint(node, k.dst(), "dst", ports);
                if (src != null && dst != null && src.ipv6() != dst.ipv6())
                {
                    problems.add(k.dst(), "src and dst must be of one IP family");
                }
                inner = inner(node, k.proto(), k.inner(), k.innerOf());
            }
        }
        final int flags = tcpFlags(k.tcpFlags(), k.proto(), k.isReply());
        final PacketSpec.FlowSpec flow = k.flow() == null ? null : flow(k.flow());
        final PacketSpec.ExpectSpec expect = k.expect() == null ? null : expect(k.expect());
        checkStage(node, k);
        if (problems.size() != before)
        {
            return null;
        }
        return new PacketSpec(k.name(), node, srcVni, k.proto(), src, dst, flags, flow, expect, k.replyTo(), inner,
            k.innerOf(), raw);
    }

    private PacketKeys packetKeys(final DocNode node)
    {
        final MappingReader r = MappingReader.of(node, problems);
        final String name = r.requiredString("name");
        if (name != null && !earlier.add(name))
        {
            problems.add(node.get("name"), "duplicate packet name \"" + name + "\"");
        }
        final PacketKeys keys = new PacketKeys(name, node.isMap() && node.get("reply_to") != null,
            reference(r, "reply_to"), reference(r, "inner_of"), r.optional("src_vpc"), r.optionalString("proto"),
            r.optional("src"), r.optional("dst"), r.optional("tcp_flags"), r.optional("flow"), r.optional("expect"),
            r.optional("inner"), r.optional("hex"));
        r.finish();
        return keys;
    }

    /** A reply takes its addresses and protocol from its request; anything else must name a known protocol. */
    private void checkProto(final DocNode node, final PacketKeys k)
    {
        if (k.isReply())
        {
            rejectPresent("not allowed with reply_to (the reply's addresses come from the request)",
                k.vpc(), k.src(), k.dst(), k.inner(), k.hex());
            if (k.proto() != null)
            {
                problems.add(node.get("proto"), "not allowed with reply_to (the reply keeps the protocol)");
            }
        }
        else if (k.proto() == null)
        {
            problems.add(node.line(), node.column(), DocNode.childPath(node.path(), "proto"),
                "missing required key \"proto\"");
        }
        else if (!PROTOS.contains(k.proto()))
        {
            problems.add(node.get("proto"), "proto must be one of tcp, udp, icmp, icmp-reply, icmp-error, raw");
        }
    }

    /** {@code flow:} belongs to the flow-filter stage, {@code reply_to}/{@code inner_of} to the pipeline. */
    private void checkStage(final DocNode node, final PacketKeys k)
    {
        if (k.flow() != null && stage != ScenarioStage.FLOW_FILTER)
        {
            problems.add(k.flow(), "flow: belongs to --stage flow-filter (the pipeline finds flows in its table)");
        }
        for (final String key : new String[] {"reply_to", "inner_of"})
        {
            if (node.isMap() && node.get(key) != null && stage != ScenarioStage.PIPELINE)
            {
                problems.add(node.get(key), key + " belongs to --stage pipeline (it needs a packet's output)");
            }
        }
    }

    private void rejectPresent(final String message, final DocNode... nodes)
    {
        for (final DocNode n : nodes)
        {
            if (n != null)
            {
                problems.add(n, message);
            }
        }
    }

    private String reference(final MappingReader r, final String key)
    {
        final DocNode n = r.optional(key);
        if (n == null)
        {
            return null;
        }
        final String target = MappingReader.string(n, problems);
        if (target != null && !earlier.contains(target))
        {
            problems.add(n, key + " must name an earlier packet, \"" + target + "\" is not one");
            return null;
        }
        return target;
    }

    private int vni(final DocNode n)
    {
        if (n.isScalar() && n.scalarType() == DocNode.ScalarType.INTEGER)
        {
            final Long v = MappingReader.integer(n, 1, Vpc.MAX_VNI, problems);
            return v == null ? 0 : v.intValue();
        }
        final String text = MappingReader.string(n, problems);
        if (text == null)
        {
            return 0;
        }
        final Vpc vpc = overlay.vpc(text);
        if (vpc == null)
        {
            problems.add(n, "unknown VPC \"" + text + "\" (the file defines " + overlay.vpcsByName().keySet() + ")");
            return 0;
        }
        return vpc.vni();
    }

    private Endpoint endpoint(final DocNode packet, final DocNode n, final String key, final boolean ports)
    {
        if (n == null)
        {
            problems.add(packet.line(), packet.column(), DocNode.childPath(packet.path(), key),
                "missing required key \"" + key + "\"");
            return null;
        }
        final Endpoint e = endpoint(n);
        if (e == null)
        {
            return null;
        }
        if (ports && e.port() < 0)
        {
            problems.add(n, "a tcp or udp " + key + " needs a port (ADDRESS:PORT, [IPV6]:PORT)");
            return null;
        }
        if (!ports && e.port() >= 0)
        {
            problems.add(n, "an icmp " + key + " has no port");
            return null;
        }
        return e;
    }

    private Endpoint endpoint(final DocNode n)
    {
        final String text = MappingReader.string(n, problems);
        if (text == null)
        {
            return null;
        }
        try
        {
            return Endpoint.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(n, "bad address: " + ex.getMessage());
            return null;
        }
    }

    private PacketSpec.InnerSpec inner(
        final DocNode packet, final String proto, final DocNode innerNode, final String innerOf)
    {
        final boolean error = "icmp-error".equals(proto);
        if (!error)
        {
            if (innerNode != null)
            {
                problems.add(innerNode, "inner is only for proto icmp-error");
            }
            if (innerOf != null)
            {
                problems.add(packet.get("inner_of"), "inner_of is only for proto icmp-error");
            }
            return null;
        }
        if ((innerNode == null) == (innerOf == null))
        {
            if (packet.get("inner_of") == null || innerNode != null)
            {
                problems.add(packet, "an icmp-error needs exactly one of inner and inner_of");
            }
            return null;
        }
        if (innerNode == null)
        {
            return null;
        }
        final MappingReader r = MappingReader.of(innerNode, problems);
        final String innerProto = r.requiredString("proto");
        final DocNode s = r.required("src");
        final DocNode d = r.required("dst");
        r.finish();
        if (innerProto != null && !Set.of("tcp", "udp", "icmp").contains(innerProto))
        {
            problems.add(innerNode.get("proto"), "inner proto must be tcp, udp or icmp");
            return null;
        }
        if (innerProto == null || s == null || d == null)
        {
            return null;
        }
        final boolean ports = !"icmp".equals(innerProto);
        final Endpoint src = endpoint(innerNode, s, "src", ports);
        final Endpoint dst = endpoint(innerNode, d, "dst", ports);
        return src == null || dst == null ? null : new PacketSpec.InnerSpec(innerProto, src, dst);
    }

    private byte[] hex(final DocNode packet, final DocNode n)
    {
        if (n == null)
        {
            problems.add(packet.line(), packet.column(), DocNode.childPath(packet.path(), "hex"),
                "missing required key \"hex\" (a raw packet's frame)");
            return null;
        }
        final String text = MappingReader.string(n, problems);
        if (text == null)
        {
            return null;
        }
        final String digits = text.replaceAll("[\\s:]", "");
        if ((digits.length() & 1) != 0 || !digits.matches("[0-9a-fA-F]*"))
        {
            problems.add(n, "hex must be an even number of hex digits");
            return null;
        }
        if (digits.length() / 2 > 2048)
        {
            problems.add(n, "a frame holds at most 2048 bytes");
            return null;
        }
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private int tcpFlags(final DocNode n, final String proto, final boolean isReply)
    {
        if (n == null)
        {
            return -1;
        }
        if (!isReply && !"tcp".equals(proto))
        {
            problems.add(n, "tcp_flags is only for tcp packets");
            return -1;
        }
        int flags = 0;
        for (final DocNode item : MappingReader.list(n, problems))
        {
            final String f = MappingReader.string(item, problems);
            if (f == null)
            {
                continue;
            }
            switch (f.toLowerCase(Locale.ROOT))
            {
                case "syn":
                    flags |= TcpDescriptor.SYN;
                    break;
                case "ack":
                    flags |= TcpDescriptor.ACK;
                    break;
                case "fin":
                    flags |= TcpDescriptor.FIN;
                    break;
                case "rst":
                    flags |= TcpDescriptor.RST;
                    break;
                case "psh":
                    flags |= TcpDescriptor.PSH;
                    break;
                default:
                    problems.add(item, "unknown TCP flag \"" + f + "\" (syn, ack, fin, rst, psh)");
                    break;
            }
        }
        return flags;
    }

    private PacketSpec.FlowSpec flow(final DocNode n)
    {
        final MappingReader r = MappingReader.of(n, problems);
        final String status = r.requiredString("status");
        final Long genid = r.optionalInteger("genid", 0, LockFreeFlowTable.MAX_GENID);
        final DocNode dst = r.optional("dst_vpc");
        final String state = r.requiredString("state");
        r.finish();
        int code = FlowInfo.ACTIVE;
        if (status != null)
        {
            switch (status)
            {
                case "active":
                    break;
                case "cancelled":
                    code = FlowInfo.CANCELLED;
                    break;
                case "expired":
                    code = FlowInfo.EXPIRED;
                    break;
                default:
                    problems.add(n.get("status"), "status must be active, cancelled or expired");
                    break;
            }
        }
        if (state != null && !Set.of("masquerade", "port-forward", "both", "none").contains(state))
        {
            problems.add(n.get("state"), "state must be masquerade, port-forward, both or none");
        }
        final boolean nat = "masquerade".equals(state) || "both".equals(state);
        final boolean pf = "port-forward".equals(state) || "both".equals(state);
        return new PacketSpec.FlowSpec(code, genid == null ? 0 : genid, dst == null ? 0 : vni(dst), nat, pf);
    }

    private PacketSpec.ExpectSpec expect(final DocNode n)
    {
        final MappingReader r = MappingReader.of(n, problems);
        final String verdict = r.optionalString("verdict");
        final String reason = r.optionalString("reason");
        final DocNode dst = r.optional("dst_vpc");
        final DocNode natNode = r.optional("nat");
        final DocNode out = r.optional("out");
        r.finish();
        if (verdict != null && !"accept".equals(verdict) && !"drop".equals(verdict))
        {
            problems.add(n.get("verdict"), "verdict must be accept or drop");
        }
        if (reason != null && "accept".equals(verdict))
        {
            problems.add(n.get("reason"), "reason is only for drop");
        }
        if (reason != null && dev.flowgate.packet.meta.DropReason.fromLabel(reason) == null)
        {
            problems.add(n.get("reason"), "unknown drop reason \"" + reason + "\"");
        }
        final boolean dstSet = dst != null;
        final int dstVni = dst == null || (dst.isScalar() && dst.scalarType() == DocNode.ScalarType.NULL) ? 0 :
            vni(dst);
        List<String> nat = null;
        if (natNode != null)
        {
            final Set<String> sorted = new TreeSet<>();
            for (final DocNode item : MappingReader.list(natNode, problems))
            {
                final String s = MappingReader.string(item, problems);
                if (s != null && !NAT_NAMES.contains(s))
                {
                    problems.add(item, "NAT flag must be masquerade, static or port-forward");
                }
                else if (s != null)
                {
                    sorted.add(s);
                }
            }
            nat = List.copyOf(sorted);
        }
        Endpoint outSrc = null;
        Endpoint outDst = null;
        if (out != null)
        {
            final MappingReader o = MappingReader.of(out, problems);
            final DocNode s = o.optional("src");
            final DocNode d = o.optional("dst");
            o.finish();
            outSrc = s == null ? null : endpoint(s);
            outDst = d == null ? null : endpoint(d);
            if (stage != ScenarioStage.PIPELINE)
            {
                problems.add(out, "out belongs to --stage pipeline (the flow-filter stage does not rewrite)");
            }
        }
        return new PacketSpec.ExpectSpec(verdict, reason, dstSet, dstVni, nat, outSrc, outDst, n);
    }
}
