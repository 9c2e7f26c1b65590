// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

/**
 * Text forms of IPv4 and IPv6 addresses, written by hand so that no text ever reaches a resolver.
 */
public final class AddressText
{
    private AddressText()
    {
    }

    /**
     * Parses a dotted quad.
     *
     * @param text e.g. {@code 10.0.0.1}.
     * @return the address as a big-endian int.
     * @throws PrefixFormatException saying what is wrong (without repeating the text).
     */
    public static int parse4(final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new PrefixFormatException("IPv4 address \"" + text + "\" must have 4 dot-separated octets");
        }
        int address = 0;
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                throw new PrefixFormatException("IPv4 address \"" + text + "\" has a bad octet \"" + part + "\"");
            }
            final int octet = Integer.parseInt(part);
            if (octet > 255)
            {
                throw new PrefixFormatException("IPv4 address \"" + text + "\" has octet " + octet + " > 255");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    /**
     * Parses an IPv6 address in any RFC 4291 text form ({@code ::} compression, trailing dotted quad).
     *
     * @param text e.g. {@code 2001:db8::1}.
     * @return {hi, lo}: the first and last 8 bytes, big-endian.
     * @throws PrefixFormatException saying what is wrong (without repeating the text).
     */
    public static long[] parse6(final String text)
    {
        final int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0)
        {
            throw new PrefixFormatException("IPv6 address \"" + text + "\" has more than one \"::\"");
        }
        final int[] head = groups(text, gap < 0 ? text : text.substring(0, gap), gap < 0);
        final int[] tail = gap < 0 ? new int[0] : groups(text, text.substring(gap + 2), true);
        final int total = head.length + tail.length;
        if (gap < 0 ? total != 8 : total > 7)
        {
            throw new PrefixFormatException("IPv6 address \"" + text + "\" has " + total + " groups"
                + (gap < 0 ? ", expected 8" : ", at most 7 with \"::\""));
        }
        final int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++)
        {
            hi = (hi << 16) | all[i];
            lo = (lo << 16) | all[i + 4];
        }
        return new long[] {hi, lo};
    }

    private static int[] groups(final String text, final String part, final boolean last)
    {
        if (part.isEmpty())
        {
            return new int[0];
        }
        final String[] items = part.split(":", -1);
        // A dotted quad may only end the address.
        final boolean dotted = last && items[items.length - 1].indexOf('.') >= 0;
        final int[] result = new int[items.length + (dotted ? 1 : 0)];
        for (int i = 0; i < items.length; i++)
        {
            final String item = items[i];
            if (dotted && i == items.length - 1)
            {
                final int v4 = parse4(item);
                result[i] = v4 >>> 16;
                result[i + 1] = v4 & 0xFFFF;
            }
            else
            {
                if (item.isEmpty() || item.length() > 4 || !item.chars().allMatch(AddressText::isHexDigit))
                {
                    throw new PrefixFormatException("IPv6 address \"" + text + "\" has a bad group \"" + item + "\"");
                }
                result[i] = Integer.parseInt(item, 16);
            }
        }
        return result;
    }

    private static boolean isHexDigit(final int c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * @param address a big-endian int.
     * @return the dotted quad.
     */
    public static String format4(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /**
     * Formats an IPv6 address in the RFC 5952 canonical form (lower case, longest run of two or more zero groups
     * compressed, the first such run on a tie).
     *
     * @param hi the first 8 bytes.
     * @param lo the last 8 bytes.
     * @return the text.
     */
    public static String format6(final long hi, final long lo)
    {
        final int[] g = new int[8];
        for (int i = 0; i < 4; i++)
        {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        int i = 0;
        while (i < 8)
        {
            if (g[i] != 0)
            {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0)
            {
                j++;
            }
            if (j - i > bestLen)
            {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        final StringBuilder sb = new StringBuilder(40);
        for (int k = 0; k < 8; k++)
        {
            if (k == bestStart)
            {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
