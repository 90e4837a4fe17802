package io.stillwatch.gateway;

import java.util.List;

/**
 * Resolves the client IP: the socket peer, unless the peer is a configured trusted proxy, in which
 * case X-Forwarded-For is walked from the right, skipping trusted hops, and the first untrusted
 * address is the client (the approach of nginx's real_ip_recursive).
 */
final class ClientIpResolver {
    private final List<Cidr> trusted;

    ClientIpResolver(List<String> trustedCidrs) {
        this.trusted = trustedCidrs.stream().map(Cidr::parse).toList();
    }

    String resolve(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String candidate = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (Cidr.literalOrNull(hop) == null) {
                return candidate; // garbage in the header: stop at the last address we could trust
            }
            candidate = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return candidate;
    }

    private boolean isTrusted(String ip) {
        byte[] b = Cidr.literalOrNull(ip);
        for (Cidr c : trusted) {
            if (c.contains(b)) {
                return true;
            }
        }
        return false;
    }
}
