// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an overlay against every rule of docs/spec/flow-filter.md section 2.3 and reports all
 * violations at once, each a {@link ConfigError} naming the peering, side and expose involved. Validation is a
 * separate step from construction and loading, so unvalidated overlays can be used on purpose
 * ({@code validate: false}).
 */
public final class OverlayValidator
{
    private final Overlay overlay;
    private final List<ConfigError> errors = new ArrayList<>();

    private OverlayValidator(final Overlay overlay)
    {
        this.overlay = overlay;
    }

    /**
     * @param overlay the overlay.
     * @return every violation, in configuration order (per peering, then per VPC); empty if the overlay is valid.
     */
    public static List<ConfigError> validate(final Overlay overlay)
    {
        final OverlayValidator validator = new OverlayValidator(overlay);
        validator.run();
        return List.copyOf(validator.errors);
    }

    /**
     * @param overlay the overlay.
     * @throws ConfigValidationException carrying every violation, if there is any.
     */
    public static void check(final Overlay overlay) throws ConfigValidationException
    {
        final List<ConfigError> found = validate(overlay);
        if (!found.isEmpty())
        {
            throw new ConfigValidationException(found);
        }
    }

    /** One expose of one side of one peering, with the names used in messages and paths. */
    private record Ref(int peeringIndex, Peering peering, String side, int index, Expose expose)
    {
        String label()
        {
            return "peering " + peering.name() + ", " + side + " expose[" + index + "]";
        }

        String path()
        {
            return "peerings[" + peeringIndex + "]." + side + ".expose[" + index + "]";
        }

        String mode()
        {
            return expose.isDefault() ? "default" : expose.hasNat() ? expose.natMode().label() : "no NAT";
        }
    }

    private void error(final ConfigErrorKind kind, final String path, final String message)
    {
        errors.add(new ConfigError(kind, path, message));
    }

    private void run()
    {
        final Map<String, String> pairs = new HashMap<>();
        final List<Peering> peerings = overlay.peerings();
        for (int i = 0; i < peerings.size(); i++)
        {
            final Peering peering = peerings.get(i);
            final String path = "peerings[" + i + "]";
            manifest(i, peering, "left", peering.left());
            manifest(i, peering, "right", peering.right());
            defaultFacingDefault(path, peering);
            natOnBothSides(path, peering);
            final String a = peering.left().vpc();
            final String b = peering.right().vpc();
            final String pair = a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
            final String first = pairs.putIfAbsent(pair, peering.name());
            if (first != null)
            {
                error(ConfigErrorKind.DUPLICATE_PEERING, path, "peering " + peering.name() + ": VPCs " + a +
                    " and " + b + " are already peered by peering " + first);
            }
        }
        for (final String vpc : overlay.vpcsByName().keySet())
        {
            exposedTo(vpc);
        }
    }

    private void manifest(final int peeringIndex, final Peering peering, final String side, final Manifest manifest)
    {
        final String path = "peerings[" + peeringIndex + "]." + side;
        final String label = "peering " + peering.name() + ", " + side + " manifest";
        if (manifest.vpc() == null || manifest.vpc().isEmpty())
        {
            error(ConfigErrorKind.MANIFEST_WITHOUT_NAME, path + ".vpc", label + ": no VPC name");
        }
        else if (overlay.vpc(manifest.vpc()) == null)
        {
            error(ConfigErrorKind.UNKNOWN_VPC, path + ".vpc", label + ": unknown VPC " + manifest.vpc());
        }
        if (manifest.exposes().isEmpty())
        {
            error(ConfigErrorKind.MANIFEST_WITHOUT_EXPOSE, path + ".expose", label + " (VPC " + manifest.vpc() +
                ") has no expose");
        }
        final List<Ref> refs = new ArrayList<>();
        Ref firstDefault = null;
        for (int k = 0; k < manifest.exposes().size(); k++)
        {
            final Ref ref = new Ref(peeringIndex, peering, side, k, manifest.exposes().get(k));
            refs.add(ref);
            if (ref.expose().isDefault())
            {
                if (firstDefault != null)
                {
                    error(ConfigErrorKind.MULTIPLE_DEFAULT_EXPOSES, ref.path(), ref.label() +
                        ": a second default expose (the first is expose[" + firstDefault.index() + "])");
                }
                else
                {
                    firstDefault = ref;
                }
            }
            new ExposeRules(ref).check();
        }
        for (int j = 0; j < refs.size(); j++)
        {
            for (int k = j + 1; k < refs.size(); k++)
            {
                overlapWithinManifest(refs.get(j), refs.get(k));
            }
        }
    }

    /** The rules about one expose on its own. */
    private final class ExposeRules
    {
        private final Ref ref;
        private final Expose expose;

        ExposeRules(final Ref ref)
        {
            this.ref = ref;
            this.expose = ref.expose();
        }

        void report(final ConfigErrorKind kind, final String subPath, final String reason)
        {
            error(kind, ref.path() + subPath, ref.label() + ": " + reason);
        }

        void check()
        {
            if (expose.isDefault())
            {
                if (!expose.ips().isEmpty() || !expose.nots().isEmpty() || expose.hasNat())
                {
                    report(ConfigErrorKind.DEFAULT_EXPOSE_WITH_CONTENT, "",
                        "a default expose cannot have ips, exclusions or NAT");
                }
                return;
            }
            if (expose.ips().isEmpty())
            {
                report(ConfigErrorKind.EMPTY_IPS, "", "a non-default expose needs at least one entry in ips");
            }
            final NatConfig nat = expose.nat();
            final List<PrefixWithOptionalPorts> as = nat == null ? List.of() : nat.as();
            final List<PrefixWithOptionalPorts> notAs = nat == null ? List.of() : nat.notAs();
            if (nat != null && as.isEmpty())
            {
                report(ConfigErrorKind.NAT_WITHOUT_AS_RANGE, ".nat", "NAT needs at least one public prefix in as");
            }
            families(as, notAs);
            distinct(".ips", expose.ips());
            distinct(".not", expose.nots());
            distinct(".nat.as", as);
            distinct(".nat.not_as", notAs);
            final BigInteger ipsSize = size(expose.ips());
            final BigInteger notsSize = size(expose.nots());
            final BigInteger asSize = size(as);
            final BigInteger notAsSize = size(notAs);
            exclusions(".not", "ips", ipsSize, notsSize);
            exclusions(".nat.not_as", "as", asSize, notAsSize);
            if (nat == null)
            {
                return;
            }
            switch (nat.mode())
            {
                case STATIC:
                    final BigInteger privateSize = ipsSize.subtract(notsSize);
                    final BigInteger publicSize = asSize.subtract(notAsSize);
                    if (!as.isEmpty() && !privateSize.equals(publicSize))
                    {
                        report(ConfigErrorKind.STATIC_NAT_SIZE_MISMATCH, ".nat", "static NAT maps " + privateSize +
                            " private (address, port) points to " + publicSize + " public ones");
                    }
                    break;
                case MASQUERADE:
                    if (hasPorts(expose.ips()) || hasPorts(as))
                    {
                        report(ConfigErrorKind.STATEFUL_WITH_PORTS, "",
                            "masquerade does not support port ranges in ips or as");
                    }
                    break;
                default:
                    portForward(as, notAs, ipsSize, asSize);
                    break;
            }
        }

        void families(final List<PrefixWithOptionalPorts> as, final List<PrefixWithOptionalPorts> notAs)
        {
            int v4 = 0;
            int v6 = 0;
            for (final List<PrefixWithOptionalPorts> list : List.of(expose.ips(), expose.nots(), as, notAs))
            {
                for (final PrefixWithOptionalPorts p : list)
                {
                    if (p.prefix().isIpv6())
                    {
                        v6++;
                    }
                    else
                    {
                        v4++;
                    }
                }
            }
            if (v4 > 0 && v6 > 0)
            {
                report(ConfigErrorKind.MIXED_IP_FAMILIES, "", "ips, not, as and not_as mix IPv4 (" + v4 +
                    " entries) and IPv6 (" + v6 + " entries)");
            }
        }

        void distinct(final String listPath, final List<PrefixWithOptionalPorts> list)
        {
            for (int j = 0; j < list.size(); j++)
            {
                for (int k = j + 1; k < list.size(); k++)
                {
                    if (list.get(j).overlaps(list.get(k)))
                    {
                        final String name = listPath.substring(listPath.lastIndexOf('.') + 1);
                        report(ConfigErrorKind.OVERLAPPING_LIST_ENTRIES, listPath + "[" + k + "]", name + "[" + j +
                            "] " + list.get(j) + " and " + name + "[" + k + "] " + list.get(k) + " overlap");
                    }
                }
            }
        }

        void exclusions(final String exclusionPath, final String what, final BigInteger size, final BigInteger excluded)
        {
            if (size.signum() > 0 && size.compareTo(excluded) <= 0)
            {
                report(ConfigErrorKind.EXCLUSIONS_COVER_ALL, exclusionPath, "the exclusions (" + excluded +
                    " (address, port) points) leave nothing of " + what + " (" + size + ")");
            }
        }

        void portForward(
            final List<PrefixWithOptionalPorts> as, final List<PrefixWithOptionalPorts> notAs,
            final BigInteger ipsSize, final BigInteger asSize)
        {
            if (expose.ips().size() != 1 || as.size() != 1)
            {
                report(ConfigErrorKind.PORT_FORWARD_SHAPE, "", "port forwarding needs exactly one prefix in ips (has " +
                    expose.ips().size() + ") and one in as (has " + as.size() + ")");
            }
            if (!expose.nots().isEmpty() || !notAs.isEmpty())
            {
                report(ConfigErrorKind.PORT_FORWARD_SHAPE, "", "port forwarding does not support exclusions");
            }
            if (!ipsSize.equals(asSize))
            {
                report(ConfigErrorKind.PORT_FORWARD_SHAPE, "", "port forwarding needs equal sizes: ips has " +
                    ipsSize + " (address, port) points, as has " + asSize);
            }
        }
    }

    private static BigInteger size(final List<PrefixWithOptionalPorts> list)
    {
        BigInteger total = BigInteger.ZERO;
        for (final PrefixWithOptionalPorts p : list)
        {
            total = total.add(p.size());
        }
        return total;
    }

    private static boolean hasPorts(final List<PrefixWithOptionalPorts> list)
    {
        for (final PrefixWithOptionalPorts p : list)
        {
            if (p.hasPorts())
            {
                return true;
            }
        }
        return false;
    }

    private void overlapWithinManifest(final Ref first, final Ref second)
    {
        final Expose a = first.expose();
        final Expose b = second.expose();
        if (a.isDefault() || b.isDefault() || allowedToOverlap(a.natRequirement(), b.natRequirement()))
        {
            return;
        }
        String where = collision(a.ips(), a.nots(), b.ips(), "private");
        if (where == null)
        {
            where = collision(a.publicIps(), a.publicExclusions(), b.publicIps(), "public");
        }
        if (where != null)
        {
            error(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, second.path(), first.label() + " (" + first.mode() +
                ") and expose[" + second.index() + "] (" + second.mode() + ") overlap on " + where +
                "; only masquerade with port-forward, or port-forwards with disjoint protocols, may overlap");
        }
    }

    private static boolean allowedToOverlap(final NatRequirement a, final NatRequirement b)
    {
        if (a == null || b == null)
        {
            return false;
        }
        if (a.isPortForwarding() && b.isPortForwarding())
        {
            return !a.protocol().intersects(b.protocol());
        }
        return a == NatRequirement.STATEFUL && b.isPortForwarding() || b == NatRequirement.STATEFUL &&
            a.isPortForwarding();
    }

    /** The first overlap of the two lists that the earlier expose's exclusions do not wholly cover, or null. */
    private static String collision(
        final List<PrefixWithOptionalPorts> earlier, final List<PrefixWithOptionalPorts> earlierExclusions,
        final List<PrefixWithOptionalPorts> later, final String what)
    {
        for (final PrefixWithOptionalPorts p : earlier)
        {
            for (final PrefixWithOptionalPorts q : later)
            {
                final PrefixWithOptionalPorts common = p.intersection(q).orElse(null);
                if (common != null && !coveredByUnion(common, earlierExclusions))
                {
                    return what + " " + p + " and " + q;
                }
            }
        }
        return null;
    }

    /** Whether the union of {@code cover} contains every (address, port) point of {@code value}. */
    static boolean coveredByUnion(final PrefixWithOptionalPorts value, final List<PrefixWithOptionalPorts> cover)
    {
        List<PrefixWithOptionalPorts> rest = List.of(value);
        for (final PrefixWithOptionalPorts c : cover)
        {
            final List<PrefixWithOptionalPorts> next = new ArrayList<>();
            for (final PrefixWithOptionalPorts piece : rest)
            {
                // The reference's subtract yields nothing for disjoint operands: keep the piece then.
                if (piece.overlaps(c))
                {
                    next.addAll(piece.subtract(c));
                }
                else
                {
                    next.add(piece);
                }
            }
            rest = next;
        }
        return rest.isEmpty();
    }

    private void defaultFacingDefault(final String path, final Peering peering)
    {
        if (peering.left().defaultExpose() != null && peering.right().defaultExpose() != null)
        {
            error(ConfigErrorKind.DEFAULT_FACING_DEFAULT, path, "peering " + peering.name() +
                ": a default expose faces a default expose");
        }
    }

    private void natOnBothSides(final String path, final Peering peering)
    {
        final List<String> left = natModes(peering.left());
        final List<String> right = natModes(peering.right());
        if (left.isEmpty() || right.isEmpty())
        {
            return;
        }
        if (!staticOnly(peering.left()) || !staticOnly(peering.right()))
        {
            error(ConfigErrorKind.NAT_ON_BOTH_SIDES, path, "peering " + peering.name() +
                ": NAT on both sides is only supported as static facing static (left " + String.join(", ", left) +
                "; right " + String.join(", ", right) + ")");
        }
    }

    private static boolean staticOnly(final Manifest manifest)
    {
        for (final Expose expose : manifest.exposes())
        {
            if (expose.hasNat() && expose.natMode() != NatMode.STATIC)
            {
                return false;
            }
        }
        return true;
    }

    private static List<String> natModes(final Manifest manifest)
    {
        final List<String> modes = new ArrayList<>();
        for (int k = 0; k < manifest.exposes().size(); k++)
        {
            final Expose expose = manifest.exposes().get(k);
            if (expose.hasNat())
            {
                modes.add("expose[" + k + "] " + expose.natMode().label());
            }
        }
        return modes;
    }

    /** The rules about what the peerings of one VPC expose to it. */
    private void exposedTo(final String vpc)
    {
        final List<Ref> remote = new ArrayList<>();
        final List<Peering> peerings = overlay.peerings();
        for (final Peering peering : overlay.peeringsNaming(vpc))
        {
            final Manifest manifest = Overlay.remoteOf(peering, vpc);
            final String side = peering.left().vpc().equals(vpc) ? "right" : "left";
            for (int k = 0; k < manifest.exposes().size(); k++)
            {
                remote.add(new Ref(peerings.indexOf(peering), peering, side, k, manifest.exposes().get(k)));
            }
        }
        Ref firstDefault = null;
        for (final Ref ref : remote)
        {
            if (!ref.expose().isDefault())
            {
                continue;
            }
            if (firstDefault == null)
            {
                firstDefault = ref;
            }
            else if (firstDefault.peering() != ref.peering())
            {
                error(ConfigErrorKind.MULTIPLE_DEFAULT_DESTINATIONS, ref.path(), "VPC " + vpc +
                    " sees more than one default destination: " + firstDefault.label() + " and " + ref.label());
            }
        }
        for (int j = 0; j < remote.size(); j++)
        {
            for (int k = j + 1; k < remote.size(); k++)
            {
                remoteOverlap(vpc, remote.get(j), remote.get(k));
            }
        }
    }

    private void remoteOverlap(final String vpc, final Ref first, final Ref second)
    {
        final Expose a = first.expose();
        final Expose b = second.expose();
        if (first.peering() == second.peering() || a.isDefault() || b.isDefault() ||
            a.natMode() == NatMode.MASQUERADE && b.natMode() == NatMode.MASQUERADE)
        {
            return;
        }
        final String where = collision(a.publicIps(), List.of(), b.publicIps(), "public");
        if (where != null)
        {
            error(ConfigErrorKind.REMOTE_OVERLAP_ACROSS_PEERINGS, second.path(), "VPC " + vpc + " is exposed " +
                "overlapping " + where + " by " + first.label() + " (" + first.mode() + ") and " + second.label() +
                " (" + second.mode() + "); only two masquerade exposes may overlap across peerings");
        }
    }
}
