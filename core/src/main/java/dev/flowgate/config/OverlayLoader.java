// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import dev.flowgate.flow.IdleTimeouts;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixFormatException;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Loads an {@link Overlay} from the {@code vpcs} and {@code peerings} keys of a scenario file
 * (docs/spec/scenario-format.md). The other scenario keys ({@code name}, {@code stage}, {@code genid},
 * {@code validate}, {@code packets}) are accepted and left alone; any other top-level key is a problem. Every
 * problem of the file is reported at once; the overlay is not validated (validation is a separate step).
 */
public final class OverlayLoader
{
    /** Top-level keys of a scenario file that this loader accepts but does not interpret. */
    public static final List<String> SCENARIO_KEYS = List.of("name", "stage", "genid", "validate", "packets");
    /** The longest {@code idle_timeout}, seconds: {@link IdleTimeouts#MAX_NANOS}. */
    private static final long IDLE_TIMEOUT_MAX_SECONDS = TimeUnit.NANOSECONDS.toSeconds(IdleTimeouts.MAX_NANOS);

    private final Problems problems;
    private final Map<String, DocNode> vpcNames = new HashMap<>();

    private OverlayLoader(final Problems problems)
    {
        this.problems = problems;
    }

    /**
     * @param file a scenario file.
     * @return the (unvalidated) overlay.
     * @throws ConfigLoadException with every problem found.
     */
    public static Overlay load(final Path file) throws ConfigLoadException
    {
        return load(file.toString(), YamlDocument.read(file));
    }

    /**
     * @param source the name used in problems.
     * @param yaml   the text of a scenario file.
     * @return the (unvalidated) overlay.
     * @throws ConfigLoadException with every problem found.
     */
    public static Overlay load(final String source, final String yaml) throws ConfigLoadException
    {
        return load(source, YamlDocument.parse(source, yaml));
    }

    private static Overlay load(final String source, final DocNode root) throws ConfigLoadException
    {
        final Problems problems = new Problems(source);
        final Overlay overlay = read(root, problems);
        problems.throwIfAny();
        return overlay;
    }

    /**
     * Reads the overlay part of a parsed scenario document, for a loader that reads the rest of the same
     * document itself.
     *
     * @param root     the document root.
     * @param problems where problems go.
     * @return the overlay, or null if any problem was reported while reading it.
     */
    public static Overlay read(final DocNode root, final Problems problems)
    {
        final OverlayLoader loader = new OverlayLoader(problems);
        final int before = problems.size();
        final MappingReader top = MappingReader.of(root, problems);
        top.accept(SCENARIO_KEYS.toArray(new String[0]));
        final List<DocNode> vpcNodes = top.requiredList("vpcs");
        final List<DocNode> peeringNodes = top.requiredList("peerings");
        final List<Vpc> vpcs = vpcNodes == null ? List.of() : loader.vpcs(vpcNodes);
        final List<Peering> peerings = peeringNodes == null ? List.of() : loader.peerings(peeringNodes);
        top.finish();
        if (problems.size() != before)
        {
            return null;
        }
        try
        {
            return new Overlay(vpcs, peerings);
        }
        catch (final IllegalArgumentException ex)
        {
            // Duplicates are reported above; this is a safety net so bad input never escapes as an exception.
            problems.add(root, ex.getMessage());
            return null;
        }
    }

    private List<Vpc> vpcs(final List<DocNode> nodes)
    {
        final Map<String, DocNode> ids = new HashMap<>();
        final Map<Long, DocNode> vnis = new HashMap<>();
        final List<Vpc> vpcs = new ArrayList<>();
        for (final DocNode node : nodes)
        {
            final MappingReader r = MappingReader.of(node, problems);
            final String name = r.requiredString("name");
            final String id = r.requiredString("id");
            final Long vni = r.requiredInteger("vni", 1, Vpc.MAX_VNI);
            r.finish();
            final boolean nameOk = name != null && checkName(r.node().get("name"), name, "VPC name", vpcNames);
            final boolean idOk = id != null && checkId(r.node().get("id"), id) &&
                checkName(r.node().get("id"), id, "VPC id", ids);
            final boolean vniOk = vni != null && checkVni(r.node().get("vni"), vni, vnis);
            if (nameOk && idOk && vniOk)
            {
                vpcs.add(new Vpc(name, id, vni.intValue()));
            }
        }
        return vpcs;
    }

    private boolean checkName(final DocNode at, final String name, final String what, final Map<String, DocNode> seen)
    {
        if (name.isEmpty())
        {
            problems.add(at, what + " must not be empty");
            return false;
        }
        final DocNode first = seen.putIfAbsent(name, at);
        if (first != null)
        {
            problems.add(at, "duplicate " + what + " \"" + name + "\" (first at " + first.path() + ")");
            return false;
        }
        return true;
    }

    private boolean checkId(final DocNode at, final String id)
    {
        final String problem = Vpc.idProblem(id);
        if (problem != null)
        {
            problems.add(at, problem);
        }
        return problem == null;
    }

    private boolean checkVni(final DocNode at, final long vni, final Map<Long, DocNode> seen)
    {
        final DocNode first = seen.putIfAbsent(vni, at);
        if (first != null)
        {
            problems.add(at, "duplicate VNI " + vni + " (first at " + first.path() + ")");
            return false;
        }
        return true;
    }

    private List<Peering> peerings(final List<DocNode> nodes)
    {
        final Map<String, DocNode> names = new HashMap<>();
        final List<Peering> peerings = new ArrayList<>();
        for (final DocNode node : nodes)
        {
            final MappingReader r = MappingReader.of(node, problems);
            final String name = r.requiredString("name");
            final DocNode leftNode = r.required("left");
            final DocNode rightNode = r.required("right");
            r.finish();
            final boolean nameOk = name != null && checkName(r.node().get("name"), name, "peering name", names);
            final Manifest left = leftNode == null ? null : manifest(leftNode);
            final Manifest right = rightNode == null ? null : manifest(rightNode);
            if (nameOk && left != null && right != null)
            {
                peerings.add(Peering.of(name, left, right));
            }
        }
        return peerings;
    }

    private Manifest manifest(final DocNode node)
    {
        final MappingReader r = MappingReader.of(node, problems);
        final String vpc = r.requiredString("vpc");
        final List<DocNode> exposeNodes = r.requiredList("expose");
        r.finish();
        if (vpc != null && !vpcNames.containsKey(vpc))
        {
            problems.add(r.node().get("vpc"), "unknown VPC \"" + vpc + "\"");
        }
        final List<Expose> exposes = new ArrayList<>();
        for (final DocNode exposeNode : exposeNodes == null ? List.<DocNode>of() : exposeNodes)
        {
            exposes.add(expose(exposeNode));
        }
        return vpc == null || exposeNodes == null ? null : new Manifest(vpc, exposes);
    }

    private Expose expose(final DocNode node)
    {
        final MappingReader r = MappingReader.of(node, problems);
        final boolean isDefault = r.optionalBoolean("default", false);
        final List<PrefixWithOptionalPorts> ips = prefixes(r.optionalList("ips"));
        final List<PrefixWithOptionalPorts> nots = prefixes(r.optionalList("not"));
        final DocNode natNode = r.optional("nat");
        r.finish();
        final NatConfig nat = natNode == null ? null : nat(natNode);
        return new Expose(isDefault, ips, nots, nat);
    }

    private NatConfig nat(final DocNode node)
    {
        final MappingReader r = MappingReader.of(node, problems);
        final String modeText = r.requiredString("mode");
        final List<PrefixWithOptionalPorts> as = prefixes(r.optionalList("as"));
        final List<PrefixWithOptionalPorts> notAs = prefixes(r.optionalList("not_as"));
        final String protoText = r.optionalString("proto");
        final Long idle = r.optionalInteger("idle_timeout", 1, IDLE_TIMEOUT_MAX_SECONDS);
        r.finish();
        NatMode mode = null;
        if (modeText != null)
        {
            mode = NatMode.fromLabel(modeText);
            if (mode == null)
            {
                problems.add(r.node().get("mode"), "unknown NAT mode \"" + modeText +
                    "\" (expected static, masquerade or port-forward)");
            }
        }
        L4Protocol proto = L4Protocol.ANY;
        if (protoText != null)
        {
            try
            {
                proto = L4Protocol.parse(protoText);
            }
            catch (final IllegalArgumentException ex)
            {
                problems.add(r.node().get("proto"), ex.getMessage());
            }
        }
        if (idle != null && mode == NatMode.STATIC)
        {
            problems.add(r.node().get("idle_timeout"), "idle_timeout does not apply to static NAT");
        }
        if (mode == null)
        {
            return null;
        }
        return new NatConfig(as, notAs, mode, proto, idle == null ? null : Duration.ofSeconds(idle));
    }

    private List<PrefixWithOptionalPorts> prefixes(final List<DocNode> nodes)
    {
        final List<PrefixWithOptionalPorts> result = new ArrayList<>(nodes.size());
        for (final DocNode node : nodes)
        {
            final String text = MappingReader.string(node, problems);
            if (text == null)
            {
                continue;
            }
            try
            {
                result.add(PrefixWithOptionalPorts.parse(text));
            }
            catch (final PrefixFormatException ex)
            {
                problems.add(node, ex.getMessage());
            }
        }
        return result;
    }
}
