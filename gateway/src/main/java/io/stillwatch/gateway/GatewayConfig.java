package io.stillwatch.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link Gateway} needs to run, validated when built. Build with {@link #builder()}.
 *
 * @param host              interface to bind, e.g. 127.0.0.1 or 0.0.0.0
 * @param port              client-facing port; 0 picks a free one
 * @param adminPort         port for {@code /metrics} and {@code /healthz}; 0 picks a free one, -1 disables
 * @param routes            model globs to upstreams, first match wins; at least one
 * @param maxBodyBytes      largest request body accepted (413 above)
 * @param maxHeaderBytes    largest request head accepted (431 above)
 * @param requestReadTimeout longest time to receive a complete request body (408 after)
 * @param clientIdleTimeout  a client connection silent for this long is closed
 * @param trustedProxies     CIDRs whose X-Forwarded-For is believed
 * @param privacy            log a prompt fingerprint instead of the request body
 * @param exchangeLog        where and how the exchange log is written
 * @param maxUpstreamConnections connections per upstream host (HTTP/1.1: one per stream in flight)
 */
public record GatewayConfig(String host, int port, int adminPort, List<Route> routes, int maxBodyBytes,
                            int maxHeaderBytes, Duration requestReadTimeout, Duration clientIdleTimeout,
                            List<String> trustedProxies, boolean privacy, ExchangeLogConfig exchangeLog,
                            int maxUpstreamConnections) {

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("admin_port: " + adminPort + " (expected: -1 to disable, or 0 to 65535)");
        }
        routes = List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("routes: empty (expected at least one route, e.g. --upstream URL)");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max_body_bytes: " + maxBodyBytes + " (expected: >= 1024)");
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("max_header_bytes: " + maxHeaderBytes + " (expected: >= 1024)");
        }
        positive(requestReadTimeout, "request_read_timeout");
        positive(clientIdleTimeout, "client_idle_timeout");
        trustedProxies = List.copyOf(trustedProxies);
        for (String cidr : trustedProxies) {
            Cidr.parse(cidr); // validates, naming the value
        }
        Objects.requireNonNull(exchangeLog, "exchange_log");
        if (maxUpstreamConnections < 1) {
            throw new IllegalArgumentException("max_upstream_connections: " + maxUpstreamConnections + " (expected: > 0)");
        }
    }

    private static void positive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": " + d + " (expected: > 0)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of the exchange log writer. */
    public record ExchangeLogConfig(Path directory, int queueCapacity, long rotateBytes, boolean rotateDaily,
                                    Duration maxBlock) {
        public ExchangeLogConfig {
            Objects.requireNonNull(directory, "exchange_log.directory");
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("exchange_log.queue_capacity: " + queueCapacity + " (expected: > 0)");
            }
            if (rotateBytes < 1024) {
                throw new IllegalArgumentException("exchange_log.rotate_bytes: " + rotateBytes + " (expected: >= 1024)");
            }
            positive(maxBlock, "exchange_log.max_block");
        }

        /** Defaults: 65,536 queued records, rotate at 256 MiB or at midnight UTC, block up to 5 s when full. */
        public static ExchangeLogConfig defaults(Path directory) {
            return new ExchangeLogConfig(directory, 65_536, 256L << 20, true, Duration.ofSeconds(5));
        }
    }

    /** Mutable builder with the defaults documented in docs/gateway.md. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private int adminPort = 9090;
        private final List<Route> routes = new ArrayList<>();
        private int maxBodyBytes = 4 << 20;
        private int maxHeaderBytes = 16 << 10;
        private Duration requestReadTimeout = Duration.ofSeconds(30);
        private Duration clientIdleTimeout = Duration.ofSeconds(300);
        private final List<String> trustedProxies = new ArrayList<>();
        private boolean privacy;
        private int maxUpstreamConnections = 20_000;
        private ExchangeLogConfig exchangeLog;
        private com.fasterxml.jackson.databind.JsonNode exchangeLogSettings;

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder adminPort(int v) { adminPort = v; return this; }
        public Builder route(Route r) { routes.add(r); return this; }
        public Builder routes(List<Route> r) { routes.addAll(r); return this; }
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder maxHeaderBytes(int v) { maxHeaderBytes = v; return this; }
        public Builder requestReadTimeout(Duration v) { requestReadTimeout = v; return this; }
        public Builder clientIdleTimeout(Duration v) { clientIdleTimeout = v; return this; }
        public Builder trustedProxy(String cidr) { trustedProxies.add(cidr); return this; }
        public Builder privacy(boolean v) { privacy = v; return this; }
        public Builder maxUpstreamConnections(int v) { maxUpstreamConnections = v; return this; }
        public Builder exchangeLog(ExchangeLogConfig v) { exchangeLog = v; return this; }
        /** The exchange log goes to {@code dir/exchanges/} with the defaults (or the config file's settings). */
        public Builder dataDir(Path dir) { exchangeLog = ExchangeLogConfig.defaults(dir.resolve("exchanges")); return this; }

        Builder exchangeLogSettings(com.fasterxml.jackson.databind.JsonNode node) { exchangeLogSettings = node; return this; }

        public GatewayConfig build() {
            if (exchangeLog == null) {
                throw new IllegalArgumentException("exchange log directory: missing (expected --data DIR)");
            }
            ExchangeLogConfig log = GatewayConfigFile.exchangeLog(exchangeLogSettings, exchangeLog);
            return new GatewayConfig(host, port, adminPort, routes, maxBodyBytes, maxHeaderBytes, requestReadTimeout,
                    clientIdleTimeout, trustedProxies, privacy, log, maxUpstreamConnections);
        }
    }
}
