package io.stillwatch.gateway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI- and Anthropic-compatible model server for tests, the demo and benchmarks:
 * deterministic answers ({@link MockCompletion}), SSE streams paced at a token rate, usage,
 * reasoning/thinking content, tool calls when tools are offered, and faults on demand
 * ({@link MockFault}, header {@code x-mock-fault}).
 *
 * <p>Serves {@code POST /v1/chat/completions}, {@code GET /v1/models}, {@code POST /v1/messages}
 * and {@code POST /v1/messages/count_tokens}.
 */
public final class MockUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> MODELS = List.of("mock-gpt", "mock-gpt-reasoning", "mock-claude", "mock-claude-thinking");

    /**
     * @param tokensPerSecond stream pace; 0 sends every event at once
     * @param defaultTokens   answer length in tokens (max_tokens may shorten it)
     * @param requiredKey     credential the mock insists on, or null to accept any
     */
    public record Options(String host, int port, double tokensPerSecond, int defaultTokens, String requiredKey) {
        public Options {
            if (tokensPerSecond < 0) {
                throw new IllegalArgumentException("tokens_per_second: " + tokensPerSecond + " (expected: >= 0)");
            }
            if (defaultTokens < 1) {
                throw new IllegalArgumentException("tokens: " + defaultTokens + " (expected: > 0)");
            }
        }

        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, 0, 24, null);
        }
    }

    private final Vertx vertx;
    private final HttpServerOptions serverOptions;
    private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Options options;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicReference<String> lastCredential = new AtomicReference<>();

    private MockUpstream(Vertx vertx, Options options) {
        this.vertx = vertx;
        this.options = options;
        this.serverOptions = new HttpServerOptions().setHost(options.host()).setTcpNoDelay(true)
                .setIdleTimeout(600).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setHttp2ClearTextEnabled(true)
                .setInitialSettings(new io.vertx.core.http.Http2Settings().setMaxConcurrentStreams(1000))
                .setPort(options.port() == 0 ? -1 : options.port()); // negative: a shared random port
    }

    public static MockUpstream start(Options options) throws IOException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        MockUpstream mock = new MockUpstream(vertx, options);
        // one server per event loop on the shared port, so the mock is not a single-threaded bottleneck
        java.util.function.Supplier<io.vertx.core.Deployable> listener = () -> new io.vertx.core.VerticleBase() {
            @Override
            public io.vertx.core.Future<?> start() {
                HttpServer s = vertx.createHttpServer(mock.serverOptions).requestHandler(mock::handle);
                mock.servers.add(s);
                return s.listen();
            }
        };
        try {
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            vertx.deployVerticle(listener, new io.vertx.core.DeploymentOptions().setInstances(loops))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (mock.servers.stream().mapToInt(HttpServer::actualPort).distinct().count() != 1) {
                throw new IllegalStateException("listeners bound different ports");
            }
        } catch (Exception e) {
            vertx.close();
            throw new IOException("mock upstream cannot listen on " + options.host() + ":" + options.port() + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return mock;
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    /** Requests served so far. */
    public long requests() {
        return requests.get();
    }

    /** The credential (Bearer token or x-api-key) of the most recent request, or null. */
    public String lastCredential() {
        return lastCredential.get();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }

    private void handle(HttpServerRequest req) {
        requests.incrementAndGet();
        String key = req.getHeader("x-api-key");
        String authz = req.getHeader("authorization");
        String credential = key != null ? key : authz != null && authz.startsWith("Bearer ") ? authz.substring(7) : null;
        lastCredential.set(credential);
        boolean anthropic = req.path().startsWith("/v1/messages");
        HttpServerResponse resp = req.response();
        MockFault fault;
        try {
            fault = MockFault.parse(req.getHeader("x-mock-fault"));
        } catch (IllegalArgumentException e) {
            error(resp, anthropic, 400, e.getMessage());
            return;
        }
        if (options.requiredKey() != null && !options.requiredKey().equals(credential)) {
            error(resp, anthropic, 401, "mock upstream: invalid credential");
            return;
        }
        req.body().onSuccess(body -> {
            if (fault.slowFirstByteMs() > 0) {
                vertx.setTimer(fault.slowFirstByteMs(), t -> route(req, body, anthropic, fault));
            } else {
                route(req, body, anthropic, fault);
            }
        });
    }

    private void route(HttpServerRequest req, Buffer raw, boolean anthropic, MockFault fault) {
        HttpServerResponse resp = req.response();
        if (fault.status() > 0) {
            error(resp, anthropic, fault.status(), "mock upstream: injected fault (status " + fault.status() + ")");
            return;
        }
        String path = req.path();
        if ("GET".equals(req.method().name()) && "/v1/models".equals(path)) {
            ObjectNode list = JSON.createObjectNode().put("object", "list");
            var data = list.putArray("data");
            for (String m : MODELS) {
                data.addObject().put("id", m).put("object", "model").put("created", MockFormat.CREATED)
                        .put("owned_by", "stillwatch-mock");
            }
            json(resp, 200, list.toString());
            return;
        }
        if (!"POST".equals(req.method().name())
                || !List.of("/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens").contains(path)) {
            error(resp, anthropic, 404, "mock upstream: no such endpoint " + req.method() + " " + path);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw.getBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("model").isTextual()) {
            error(resp, anthropic, 400, "mock upstream: body must be a JSON object with a model");
            return;
        }
        if (fault.disconnectAfter() == 0) {
            req.connection().close();
            return;
        }
        MockCompletion c = MockCompletion.of(body, anthropic, options.defaultTokens());
        String model = body.get("model").asText();
        if (path.endsWith("/count_tokens")) {
            json(resp, 200, JSON.createObjectNode().put("input_tokens", c.inputTokens).toString());
            return;
        }
        if (!body.path("stream").asBoolean(false)) {
            json(resp, 200, (anthropic ? MockFormat.anthropicBody(c, model) : MockFormat.openAiBody(c, model)).toString());
            return;
        }
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        List<String> events = anthropic ? MockFormat.anthropicEvents(c, model)
                : MockFormat.openAiEvents(c, model, includeUsage);
        resp.setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
        new Pacer(req, resp, events, fault).next();
    }

    /** Sends a stream's events one at a time at the configured token rate, honouring faults. */
    private final class Pacer {
        private final HttpServerRequest req;
        private final HttpServerResponse resp;
        private final List<String> events;
        private final MockFault fault;
        private final long intervalMs;
        private int sent;
        private boolean closed;

        Pacer(HttpServerRequest req, HttpServerResponse resp, List<String> events, MockFault fault) {
            this.req = req;
            this.resp = resp;
            this.events = events;
            this.fault = fault;
            this.intervalMs = options.tokensPerSecond() == 0 ? 0 : Math.max(1, Math.round(1000 / options.tokensPerSecond()));
            resp.closeHandler(v -> closed = true);
        }

        void next() {
            while (!closed) {
                if (sent == fault.disconnectAfter()) {
                    req.connection().close();
                    return;
                }
                if (sent == fault.stallAfter()) {
                    return; // keep the connection open and silent
                }
                if (sent == events.size()) {
                    resp.end();
                    return;
                }
                resp.write(events.get(sent++));
                if (intervalMs > 0) {
                    vertx.setTimer(intervalMs, t -> next());
                    return;
                }
                if (resp.writeQueueFull()) {
                    resp.drainHandler(v -> next());
                    return;
                }
            }
        }
    }

    private static void json(HttpServerResponse resp, int status, String body) {
        resp.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    private static void error(HttpServerResponse resp, boolean anthropic, int status, String message) {
        json(resp, status, anthropic ? MockFormat.anthropicError(status, message) : MockFormat.openAiError(status, message));
    }
}
