package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpResolverTest {
    private final ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8", "::1/128"));

    @Test
    void resolve_untrustedPeer_ignoresForwardedFor() {
        assertThat(resolver.resolve("198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
    }

    @Test
    void resolve_trustedPeer_takesRightmostUntrustedHop() {
        assertThat(resolver.resolve("10.1.2.3", "198.51.100.1, 203.0.113.5, 10.9.9.9")).isEqualTo("203.0.113.5");
    }

    @Test
    void resolve_trustedIpv6Peer_usesForwardedFor() {
        assertThat(resolver.resolve("0:0:0:0:0:0:0:1", "2001:db8::7")).isEqualTo("2001:db8::7");
    }

    @Test
    void resolve_garbageHop_stopsAtLastTrustedAddress() {
        assertThat(resolver.resolve("10.1.2.3", "evil.example, 10.2.2.2")).isEqualTo("10.2.2.2");
    }

    @Test
    void resolve_noProxiesConfigured_alwaysPeer() {
        assertThat(new ClientIpResolver(List.of()).resolve("10.1.2.3", "1.2.3.4")).isEqualTo("10.1.2.3");
    }

    @Test
    void cidrParse_badPrefix_namesValue() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33")
                .hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("expected an IP address");
    }

    @Test
    void cidrContains_partialByteMask_matchesOnlyInside() {
        Cidr c = Cidr.parse("192.168.4.0/22");
        assertThat(c.contains(Cidr.literalOrNull("192.168.7.255"))).isTrue();
        assertThat(c.contains(Cidr.literalOrNull("192.168.8.0"))).isFalse();
    }
}
