package io.stillwatch.detect.linkage;

/**
 * Keys of the registry and network things: IPv4 /24 and IPv6 /48 prefixes, e-mail domains and the
 * shape of an e-mail's local part (letter and digit runs with their lengths, separators kept:
 * {@code john.smith87} becomes {@code a4.a5d2}), the usual way to spot machine-generated addresses.
 */
public final class NetworkKeys {
    private NetworkKeys() {
    }

    /** The /24 (IPv4) or /48 (IPv6) network of an address, or null when it is not an IP literal. */
    public static String prefix(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        if (ip.indexOf(':') >= 0) {
            String[] parts = ip.split(":", -1);
            if (parts.length < 3) {
                return null;
            }
            return parts[0] + ":" + parts[1] + ":" + parts[2] + "::/48";
        }
        int last = ip.lastIndexOf('.');
        if (last < 0 || ip.indexOf('.') == last) {
            return null;
        }
        return ip.substring(0, last) + ".0/24";
    }

    /** Lower-case domain of an e-mail address, or null. */
    public static String emailDomain(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Shape of the local part plus the domain, e.g. {@code a4.a5d2@example.com}, or null. */
    public static String emailPattern(String email) {
        String domain = emailDomain(email);
        if (domain == null) {
            return null;
        }
        String local = email.substring(0, email.lastIndexOf('@'));
        StringBuilder b = new StringBuilder();
        char run = 0;
        int len = 0;
        for (int i = 0; i <= local.length(); i++) {
            char c = i < local.length() ? local.charAt(i) : 0;
            char cls = c == 0 ? 0 : Character.isLetter(c) ? 'a' : Character.isDigit(c) ? 'd' : c;
            if (cls != run || (cls != 'a' && cls != 'd')) {
                if (run == 'a' || run == 'd') {
                    b.append(run).append(len);
                } else if (run != 0) {
                    b.append(run);
                }
                run = cls;
                len = 0;
            }
            len++;
        }
        return b.append('@').append(domain).toString();
    }
}
