package io.stillwatch.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network prefix, e.g. {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a /32 or /128. */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("trusted_proxies: '" + text + "' (expected a CIDR such as 10.0.0.0/8)");
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text.trim() : text.substring(0, slash).trim();
        byte[] bytes = literal(addr, text);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("trusted_proxies: '" + text + "' (expected a prefix length 0 to "
                        + bytes.length * 8 + ")");
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** Parses an IP literal without DNS; null when the text is not one. */
    static byte[] literalOrNull(String addr) {
        if (addr == null || addr.isEmpty() || !(Character.digit(addr.charAt(0), 16) >= 0 || addr.charAt(0) == ':'
                || addr.charAt(0) == '[')) {
            return null;
        }
        String a = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(a).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] literal(String addr, String original) {
        byte[] b = literalOrNull(addr);
        if (b == null) {
            throw new IllegalArgumentException("trusted_proxies: '" + original + "' (expected an IP address or CIDR)");
        }
        return b;
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
