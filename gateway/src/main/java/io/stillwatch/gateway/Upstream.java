package io.stillwatch.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One upstream model API: where it is, the credential the gateway presents to it (replacing the
 * client's key), and how long the gateway waits for it.
 *
 * @param name             label used in metrics and logs
 * @param baseUrl          scheme, host, port and optional path prefix; the API path ({@code /v1/...}) is appended
 * @param credential       secret sent upstream as {@code Authorization: Bearer} (OpenAI) or {@code x-api-key}
 *                         (Anthropic); may be empty; never logged ({@link #toString()} redacts it)
 * @param connectTimeout   time to obtain a connection
 * @param firstByteTimeout time from sending the request to the response head
 * @param idleTimeout      longest silence allowed while the response body (or stream) flows
 * @param http2            speak HTTP/2 to the upstream (h2c with prior knowledge for http://, ALPN for https://),
 *                         multiplexing many streams over few connections
 */
public record Upstream(String name, URI baseUrl, String credential, Duration connectTimeout,
                       Duration firstByteTimeout, Duration idleTimeout, boolean http2) {

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FIRST_BYTE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);

    public Upstream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "base_url");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("upstream '" + name + "' base_url: " + baseUrl
                    + " (expected an absolute http:// or https:// URL)");
        }
        credential = credential == null ? "" : credential;
        positive(connectTimeout, name, "connect_timeout");
        positive(firstByteTimeout, name, "first_byte_timeout");
        positive(idleTimeout, name, "idle_timeout");
    }

    /** An upstream with the default timeouts. */
    public static Upstream of(String name, URI baseUrl, String credential) {
        return new Upstream(name, baseUrl, credential, DEFAULT_CONNECT, DEFAULT_FIRST_BYTE, DEFAULT_IDLE, false);
    }

    /** The same upstream, spoken to over HTTP/2 or HTTP/1.1. */
    public Upstream withHttp2(boolean on) {
        return new Upstream(name, baseUrl, credential, connectTimeout, firstByteTimeout, idleTimeout, on);
    }

    private static void positive(Duration d, String name, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("upstream '" + name + "' " + field + ": " + d + " (expected: > 0)");
        }
    }

    int port() {
        int p = baseUrl.getPort();
        return p > 0 ? p : "https".equals(baseUrl.getScheme()) ? 443 : 80;
    }

    boolean tls() {
        return "https".equals(baseUrl.getScheme());
    }

    /** Path prefix without a trailing slash, e.g. "" or "/proxy". */
    String pathPrefix() {
        String p = baseUrl.getRawPath();
        if (p == null || p.isEmpty() || "/".equals(p)) {
            return "";
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public String toString() {
        return "Upstream[name=" + name + ", baseUrl=" + baseUrl + ", credential=" + (credential.isEmpty() ? "none" : "***")
                + ", connectTimeout=" + connectTimeout + ", firstByteTimeout=" + firstByteTimeout
                + ", idleTimeout=" + idleTimeout + ", http2=" + http2 + "]";
    }
}
