package io.stillwatch.gateway.upstream;

import java.util.Objects;

/**
 * Where one upstream call goes and how: host, port, TLS, HTTP/2, and how long opening a connection
 * may take. Calls with equal targets share connections.
 *
 * @param host             host name or address
 * @param port             TCP port
 * @param tls              https: TLS with the JDK's trust store and host-name verification
 * @param http2            HTTP/2 (h2c with prior knowledge when not TLS, ALPN "h2" when TLS)
 * @param connectMillis    longest time to open a connection
 */
public record Target(String host, int port, boolean tls, boolean http2, long connectMillis) {
    public Target {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port);
        }
        if (connectMillis <= 0) {
            throw new IllegalArgumentException("connectMillis: " + connectMillis);
        }
    }

    /** The Host header (authority) for requests to this target. */
    public String authority() {
        boolean defaultPort = tls ? port == 443 : port == 80;
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return defaultPort ? h : h + ":" + port;
    }
}
