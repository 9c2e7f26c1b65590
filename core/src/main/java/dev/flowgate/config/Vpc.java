// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * A VPC of the overlay.
 *
 * @param name its unique, non-empty name; manifests refer to it.
 * @param id   its 5-character alphanumeric id.
 * @param vni  its VNI, 1..16777215 (the VPC discriminant on the data path).
 */
public record Vpc(String name, String id, int vni)
{
    /** The largest VNI (24 bits). */
    public static final int MAX_VNI = 0xFF_FFFF;
    /** The length of a VPC id. */
    public static final int ID_LENGTH = 5;

    /**
     * @throws IllegalArgumentException if the name is empty, the id malformed or the VNI out of range.
     */
    public Vpc
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("VPC name must not be empty");
        }
        final String idProblem = idProblem(id);
        if (idProblem != null)
        {
            throw new IllegalArgumentException("VPC " + name + ": " + idProblem);
        }
        final String vniProblem = vniProblem(vni);
        if (vniProblem != null)
        {
            throw new IllegalArgumentException("VPC " + name + ": " + vniProblem);
        }
    }

    /**
     * @param id a candidate VPC id.
     * @return why it is not a valid id, or null if it is.
     */
    public static String idProblem(final String id)
    {
        if (id == null || id.length() != ID_LENGTH || !id.chars().allMatch(Vpc::isAsciiAlphanumeric))
        {
            return "id \"" + id + "\" must be exactly 5 ASCII letters or digits";
        }
        return null;
    }

    /**
     * @param vni a candidate VNI.
     * @return why it is not a valid VNI, or null if it is.
     */
    public static String vniProblem(final long vni)
    {
        return vni < 1 || vni > MAX_VNI ? "VNI " + vni + " outside 1.." + MAX_VNI : null;
    }

    private static boolean isAsciiAlphanumeric(final int c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
