package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway configuration file (YAML, or JSON by the {@code .json} suffix) into a
 * {@link GatewayConfig.Builder}. Unknown keys and wrong types are errors that name the field, e.g.
 * {@code upstreams.main.idle_timeout: "soon" (expected a duration such as 30s, 500ms, 2m)}.
 * Upstream credentials come from an environment variable ({@code credential_env}) or a file
 * ({@code credential_file}), never from the file itself, and are never printed.
 */
public final class GatewayConfigFile {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Set<String> TOP = Set.of("listen", "routes", "upstreams", "limits", "trusted_proxies",
            "privacy", "exchange_log");

    private GatewayConfigFile() {
    }

    /** Applies the file's settings to {@code builder}; {@code env} resolves credential_env names. */
    public static void apply(Path file, Function<String, String> env, GatewayConfig.Builder builder) throws IOException {
        ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid " + (file.toString().endsWith(".json") ? "JSON" : "YAML")
                    + ": " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping at the top level");
        }
        onlyKnown(root, "", TOP);
        JsonNode listen = root.path("listen");
        if (!listen.isMissingNode()) {
            onlyKnown(listen, "listen.", Set.of("host", "port", "admin_port"));
            if (listen.has("host")) {
                builder.host(text(listen.get("host"), "listen.host"));
            }
            if (listen.has("port")) {
                builder.port(integer(listen, "port", "listen.port"));
            }
            if (listen.has("admin_port")) {
                builder.adminPort(integer(listen, "admin_port", "listen.admin_port"));
            }
        }
        Map<String, Upstream> upstreams = new HashMap<>();
        JsonNode ups = root.path("upstreams");
        if (!ups.isObject() || ups.isEmpty()) {
            throw new IllegalArgumentException("upstreams: " + (ups.isMissingNode() ? "missing" : ups.toString())
                    + " (expected a mapping of names to upstreams)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = ups.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            upstreams.put(e.getKey(), upstream(e.getKey(), e.getValue(), env, file));
        }
        JsonNode routes = root.path("routes");
        if (!routes.isArray() || routes.isEmpty()) {
            throw new IllegalArgumentException("routes: " + (routes.isMissingNode() ? "missing" : routes.toString())
                    + " (expected a list of {model, upstream})");
        }
        for (int i = 0; i < routes.size(); i++) {
            JsonNode r = routes.get(i);
            String where = "routes[" + i + "].";
            onlyKnown(r, where, Set.of("model", "upstream"));
            String name = text(r.path("upstream"), where + "upstream");
            Upstream u = upstreams.get(name);
            if (u == null) {
                throw new IllegalArgumentException(where + "upstream: '" + name + "' (expected one of " + upstreams.keySet() + ")");
            }
            builder.route(new Route(text(r.path("model"), where + "model"), u));
        }
        JsonNode limits = root.path("limits");
        if (!limits.isMissingNode()) {
            onlyKnown(limits, "limits.", Set.of("max_body_bytes", "max_header_bytes", "request_read_timeout",
                    "client_idle_timeout", "max_upstream_connections"));
            if (limits.has("max_upstream_connections")) {
                builder.maxUpstreamConnections(integer(limits, "max_upstream_connections", "limits.max_upstream_connections"));
            }
            if (limits.has("max_body_bytes")) {
                builder.maxBodyBytes(integer(limits, "max_body_bytes", "limits.max_body_bytes"));
            }
            if (limits.has("max_header_bytes")) {
                builder.maxHeaderBytes(integer(limits, "max_header_bytes", "limits.max_header_bytes"));
            }
            if (limits.has("request_read_timeout")) {
                builder.requestReadTimeout(duration(limits.get("request_read_timeout"), "limits.request_read_timeout"));
            }
            if (limits.has("client_idle_timeout")) {
                builder.clientIdleTimeout(duration(limits.get("client_idle_timeout"), "limits.client_idle_timeout"));
            }
        }
        JsonNode proxies = root.path("trusted_proxies");
        if (!proxies.isMissingNode()) {
            if (!proxies.isArray()) {
                throw new IllegalArgumentException("trusted_proxies: " + proxies + " (expected a list of CIDRs)");
            }
            for (int i = 0; i < proxies.size(); i++) {
                builder.trustedProxy(text(proxies.get(i), "trusted_proxies[" + i + "]"));
            }
        }
        if (root.has("privacy")) {
            if (!root.get("privacy").isBoolean()) {
                throw new IllegalArgumentException("privacy: " + root.get("privacy") + " (expected true or false)");
            }
            builder.privacy(root.get("privacy").asBoolean());
        }
        builder.exchangeLogSettings(root.path("exchange_log"));
    }

    static GatewayConfig.ExchangeLogConfig exchangeLog(JsonNode node, GatewayConfig.ExchangeLogConfig base) {
        if (node == null || node.isMissingNode()) {
            return base;
        }
        onlyKnown(node, "exchange_log.", Set.of("queue_capacity", "rotate_bytes", "rotate_daily", "max_block"));
        int capacity = node.has("queue_capacity") ? integer(node, "queue_capacity", "exchange_log.queue_capacity")
                : base.queueCapacity();
        long rotate = base.rotateBytes();
        if (node.has("rotate_bytes")) {
            if (!node.get("rotate_bytes").canConvertToLong()) {
                throw new IllegalArgumentException("exchange_log.rotate_bytes: " + node.get("rotate_bytes")
                        + " (expected an integer)");
            }
            rotate = node.get("rotate_bytes").asLong();
        }
        boolean daily = base.rotateDaily();
        if (node.has("rotate_daily")) {
            if (!node.get("rotate_daily").isBoolean()) {
                throw new IllegalArgumentException("exchange_log.rotate_daily: " + node.get("rotate_daily")
                        + " (expected true or false)");
            }
            daily = node.get("rotate_daily").asBoolean();
        }
        Duration maxBlock = node.has("max_block") ? duration(node.get("max_block"), "exchange_log.max_block")
                : base.maxBlock();
        return new GatewayConfig.ExchangeLogConfig(base.directory(), capacity, rotate, daily, maxBlock);
    }

    private static Upstream upstream(String name, JsonNode u, Function<String, String> env, Path file) throws IOException {
        String where = "upstreams." + name + ".";
        onlyKnown(u, where, Set.of("base_url", "credential_env", "credential_file", "connect_timeout",
                "first_byte_timeout", "idle_timeout", "http2"));
        if (u.has("http2") && !u.get("http2").isBoolean()) {
            throw new IllegalArgumentException(where + "http2: " + u.get("http2") + " (expected true or false)");
        }
        String url = text(u.path("base_url"), where + "base_url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "base_url: '" + url + "' (expected an http:// or https:// URL)");
        }
        String credential = "";
        if (u.has("credential_env") && u.has("credential_file")) {
            throw new IllegalArgumentException(where + "credential_env and credential_file: both set (expected one)");
        }
        if (u.has("credential_env")) {
            String var = text(u.get("credential_env"), where + "credential_env");
            credential = env.apply(var);
            if (credential == null || credential.isBlank()) {
                throw new IllegalArgumentException(where + "credential_env: environment variable " + var
                        + " is not set (expected it to hold the upstream credential)");
            }
        } else if (u.has("credential_file")) {
            Path p = file.toAbsolutePath().getParent().resolve(text(u.get("credential_file"), where + "credential_file"));
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(where + "credential_file: " + p + " (expected a readable file)");
            }
            credential = Files.readString(p, StandardCharsets.UTF_8).trim();
        }
        return new Upstream(name, uri, credential,
                u.has("connect_timeout") ? duration(u.get("connect_timeout"), where + "connect_timeout") : Upstream.DEFAULT_CONNECT,
                u.has("first_byte_timeout") ? duration(u.get("first_byte_timeout"), where + "first_byte_timeout")
                        : Upstream.DEFAULT_FIRST_BYTE,
                u.has("idle_timeout") ? duration(u.get("idle_timeout"), where + "idle_timeout") : Upstream.DEFAULT_IDLE,
                u.path("http2").asBoolean(false));
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    public static Duration duration(JsonNode n, String field) {
        String s = n == null ? null : n.asText();
        Matcher m = s == null || !n.isTextual() ? null : DURATION.matcher(s.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(field + ": " + n + " (expected a duration such as 30s, 500ms, 2m)");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
    }

    private static void onlyKnown(JsonNode node, String prefix, Set<String> known) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(prefix.isEmpty() ? "top level" : prefix.substring(0, prefix.length() - 1)
                    + ": " + node + " (expected a mapping)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(prefix + k + ": unknown setting (expected one of " + known + ")");
            }
        }
    }

    private static String text(JsonNode n, String field) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException(field + ": " + (n == null || n.isMissingNode() ? "missing" : n.toString())
                    + " (expected a non-empty string)");
        }
        return n.asText();
    }

    private static int integer(JsonNode parent, String key, String field) {
        JsonNode n = parent.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(field + ": " + n + " (expected an integer)");
        }
        return n.asInt();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
