// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

/**
 * Text forms of addresses for tests, scenarios and configuration (never on the data path). IPv4 addresses are
 * ints in network order; IPv6 addresses two longs. No name resolution ever happens: only literals are accepted.
 */
public final class IpAddresses
{
    private IpAddresses()
    {
    }

    /**
     * Parses a dotted-quad IPv4 address.
     *
     * @param text e.g. {@code 10.0.0.1}.
     * @return the address.
     * @throws IllegalArgumentException when malformed.
     */
    public static int ipv4(final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (final String part : parts)
        {
            final int value = parseDecimalByte(part, text);
            address = (address << 8) | value;
        }
        return address;
    }

    private static int parseDecimalByte(final String part, final String text)
    {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        final int value = Integer.parseInt(part);
        if (value > 255)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return value;
    }

    /**
     * Formats an IPv4 address.
     *
     * @param address the address.
     * @return the dotted quad.
     */
    public static String ipv4ToString(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /**
     * Parses an IPv6 address (with {@code ::} compression and an optional trailing dotted quad) into 16 bytes
     * packed as 8 big-endian 16-bit groups.
     *
     * @param text e.g. {@code 2001:db8::1}.
     * @return the eight groups.
     * @throws IllegalArgumentException when malformed.
     */
    public static int[] ipv6Groups(final String text)
    {
        final int[] groups = new int[8];
        final int gap = text.indexOf("::");
        if (gap != text.lastIndexOf("::") || text.isEmpty())
        {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        final String head = gap < 0 ? text : text.substring(0, gap);
        final String tail = gap < 0 ? "" : text.substring(gap + 2);
        final int[] headGroups = parseGroups(head, text);
        final int[] tailGroups = parseGroups(tail, text);
        final int used = headGroups.length + tailGroups.length;
        if (gap < 0 ? used != 8 : used > 7)
        {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        return groups;
    }

    private static int[] parseGroups(final String part, final String text)
    {
        if (part.isEmpty())
        {
            return new int[0];
        }
        final String[] fields = part.split(":", -1);
        final boolean dotted = fields[fields.length - 1].contains(".");
        final int[] groups = new int[fields.length + (dotted ? 1 : 0)];
        for (int i = 0; i < fields.length; i++)
        {
            final String field = fields[i];
            if (dotted && i == fields.length - 1)
            {
                final int v4 = ipv4(field);
                groups[i] = v4 >>> 16;
                groups[i + 1] = v4 & 0xFFFF;
            }
            else
            {
                if (field.isEmpty() || field.length() > 4 || !field.chars().allMatch(IpAddresses::isHexDigit))
                {
                    throw new IllegalArgumentException("not an IPv6 address: " + text);
                }
                groups[i] = Integer.parseInt(field, 16);
            }
        }
        return groups;
    }

    private static boolean isHexDigit(final int c)
    {
        return Character.digit(c, 16) >= 0;
    }

    /**
     * First 8 bytes of an IPv6 address.
     *
     * @param text the address.
     * @return the high half.
     */
    public static long ipv6Hi(final String text)
    {
        final int[] groups = ipv6Groups(text);
        return pack(groups, 0);
    }

    /**
     * Last 8 bytes of an IPv6 address.
     *
     * @param text the address.
     * @return the low half.
     */
    public static long ipv6Lo(final String text)
    {
        final int[] groups = ipv6Groups(text);
        return pack(groups, 4);
    }

    private static long pack(final int[] groups, final int from)
    {
        long value = 0;
        for (int i = from; i < from + 4; i++)
        {
            value = (value << 16) | groups[i];
        }
        return value;
    }

    /**
     * Formats an IPv6 address as eight uncompressed hex groups.
     *
     * @param hi first 8 bytes.
     * @param lo last 8 bytes.
     * @return e.g. {@code 2001:db8:0:0:0:0:0:1}.
     */
    public static String ipv6ToString(final long hi, final long lo)
    {
        final StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            final long half = i < 4 ? hi : lo;
            final int group = (int) ((half >>> (48 - 16 * (i & 3))) & 0xFFFF);
            if (i > 0)
            {
                text.append(':');
            }
            text.append(Integer.toHexString(group));
        }
        return text.toString();
    }
}
