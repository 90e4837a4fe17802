package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.access.AuthResult;
import io.stillwatch.model.Action;
import io.stillwatch.model.ExchangeRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request from arrival to the exchange-log record: read the body (bounded in size and
 * time), authenticate, validate, route, relay to the upstream and back — streams event by event with
 * back-pressure — and record exactly once, whatever the outcome. Confined to one event loop.
 */
final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int MAX_UPSTREAM_BODY = 32 << 20;
    private static final int MAX_EVENT_BYTES = 4 << 20;
    /** Client headers never sent upstream: credentials, hop-by-hop, and those the gateway sets itself. */
    private static final Set<String> NOT_FORWARDED = caseInsensitive("authorization", "x-api-key", "host",
            "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-connection", "accept-encoding", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "forwarded", "cookie", "expect");
    private static final Buffer EMPTY = Buffer.buffer();

    private final ProxyHandler h;
    private final HttpServerRequest req;
    private final HttpServerResponse resp;
    private final Endpoint endpoint;
    private final ApiFlavor flavor;
    private final long startNanos;
    private final Instant ts;
    private final String id;
    private final String ip;

    private String account = "";
    private String key = "";
    private String model = "";
    private boolean stream;
    private RequestBody requestBody;
    private byte[] rawBody = new byte[0];
    private Action action;
    private ResponseObserver observer;
    private HttpClientRequest upstreamRequest;
    private Upstream upstream;
    private boolean streaming;
    /** Events received and not yet written to the client, and whether a write of them is queued (see {@link #relayStream}). */
    private Buffer gathered;
    private boolean relayQueued;
    private boolean done;
    /** What the exchange waits for, and so which timeout applies: see {@link #expect}. */
    private enum Wait { NOTHING, REQUEST_BODY, FIRST_BYTE, UPSTREAM_BYTES }

    private Wait waiting = Wait.NOTHING;
    private long waitSince;     // System.nanoTime() the wait began; for UPSTREAM_BYTES, of the last bytes
    private long waitLimit;     // nanoseconds the wait may last
    /** The exchange's place in its event loop's {@link TimeoutSweep} while it waits. */
    private final TimeoutSweep.Entry watchdog = new TimeoutSweep.Entry() {
        @Override
        long dueNanos() {
            return waitSince + waitLimit;
        }

        @Override
        void expire() {
            onWatchdog();
        }
    };

    Exchange(ProxyHandler h, HttpServerRequest req, Endpoint endpoint, long startNanos) {
        this.h = h;
        this.req = req;
        this.resp = req.response();
        this.endpoint = endpoint;
        this.flavor = endpoint.flavor;
        this.startNanos = startNanos;
        this.ts = h.clock.instant();
        this.id = h.ids.next();
        this.ip = h.ips.resolve(req.remoteAddress() == null ? "0.0.0.0" : req.remoteAddress().hostAddress(),
                req.getHeader("x-forwarded-for"));
    }

    /** Header names compare case-insensitively (RFC 9110 §5.1), without a lower-cased copy per header. */
    private static Set<String> caseInsensitive(String... names) {
        java.util.TreeSet<String> set = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return java.util.Collections.unmodifiableSet(set);
    }

    void start() {
        resp.putHeader("x-stillwatch-exchange-id", id);
        resp.closeHandler(v -> onClientClosed());
        if (!endpoint.hasBody()) {
            proceed(EMPTY);
            return;
        }
        String length = req.getHeader("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > h.config.maxBodyBytes()) {
                rejectAndClose(413, "request body of " + declared + " bytes exceeds the limit of "
                        + h.config.maxBodyBytes() + " bytes");
                return;
            }
        }
        Buffer body = Buffer.buffer();
        expect(Wait.REQUEST_BODY, h.config.requestReadTimeout().toNanos());
        req.handler(chunk -> {
            if (done) {
                return;
            }
            if (body.length() + chunk.length() > h.config.maxBodyBytes()) {
                rejectAndClose(413, "request body exceeds the limit of " + h.config.maxBodyBytes() + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> {
            if (!done) {
                expectNothing();
                rejectAndClose(400, "request body could not be read");
            }
        });
        req.endHandler(v -> {
            expectNothing();
            if (!done) {
                proceed(body);
            }
        });
    }

    private void proceed(Buffer body) {
        rawBody = body.getBytes();
        RequestCheck.Result check = endpoint.hasBody() ? RequestCheck.check(endpoint, rawBody) : null;
        if (check != null) {
            requestBody = check.body();
            model = check.model() == null ? "" : check.model();
            stream = check.stream();
        }
        AuthResult auth = authenticate();
        if (!auth.authenticated()) {
            reply(401, auth.failure().message(), null);
            return;
        }
        account = auth.accountId();
        key = auth.keyId();
        if (check != null && !check.ok()) {
            reply(400, check.error(), check.param());
            return;
        }
        upstream = endpoint == Endpoint.OPENAI_MODELS ? h.router.first() : h.router.route(model).orElse(null);
        if (upstream == null) {
            reply(404, "model '" + model + "' is not served by this gateway", "model");
            return;
        }
        action = Action.ALLOW;
        forward();
    }

    private AuthResult authenticate() {
        String secret = req.getHeader("x-api-key");
        if (secret == null || secret.isBlank()) {
            String authz = req.getHeader("authorization");
            if (authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
                secret = authz.substring(7).trim();
            }
        }
        try {
            return h.authenticator.authenticate(secret == null || secret.isBlank() ? null : secret);
        } catch (RuntimeException e) {
            LOG.error("authenticator failed: {}", e.getClass().getName());
            return AuthResult.denied(AuthResult.Failure.UNKNOWN_KEY);
        }
    }

    private void forward() {
        boolean stripUsage = false;
        Buffer out = Buffer.buffer(rawBody);
        if (endpoint == Endpoint.OPENAI_CHAT && stream) {
            byte[] asking = requestBody.withUsageRequested();
            if (asking != null) {
                stripUsage = true;
                out = Buffer.buffer(asking);
            }
        }
        observer = ResponseObserver.of(flavor, stripUsage);
        RequestOptions options = new RequestOptions()
                .setMethod(endpoint.method)
                .setHost(upstream.baseUrl().getHost())
                .setPort(upstream.port())
                .setSsl(upstream.tls())
                .setURI(upstream.pathPrefix() + req.uri())
                .setConnectTimeout(upstream.connectTimeout().toMillis());
        for (Map.Entry<String, String> e : req.headers()) {
            if (!NOT_FORWARDED.contains(e.getKey())) {
                options.addHeader(e.getKey(), e.getValue());
            }
        }
        if (!upstream.credential().isEmpty()) {
            if (flavor == ApiFlavor.OPENAI) {
                options.putHeader("authorization", "Bearer " + upstream.credential());
            } else {
                options.putHeader("x-api-key", upstream.credential());
            }
        }
        options.putHeader("accept-encoding", "identity");
        Buffer payload = out;
        (upstream.http2() ? h.client2 : h.client).request(options).onComplete(ar -> {
            if (done) {
                if (ar.succeeded()) {
                    ar.result().reset();
                }
                return;
            }
            if (ar.failed()) {
                upstreamFailed(ar.cause(), "connect");
                return;
            }
            upstreamRequest = ar.result();
            expect(Wait.FIRST_BYTE, upstream.firstByteTimeout().toNanos());
            upstreamRequest.send(payload).onComplete(r -> {
                expectNothing();
                if (done) {
                    return;
                }
                if (r.failed()) {
                    upstreamFailed(r.cause(), "reset");
                } else {
                    onUpstreamResponse(r.result());
                }
            });
        });
    }

    private void onUpstreamResponse(HttpClientResponse up) {
        expect(Wait.UPSTREAM_BYTES, upstream.idleTimeout().toNanos());
        int status = up.statusCode();
        String contentType = up.getHeader("content-type");
        if (stream && status == 200 && contentType != null && contentType.startsWith("text/event-stream")) {
            relayStream(up);
            return;
        }
        Buffer body = Buffer.buffer();
        up.handler(chunk -> {
            if (done) {
                return;
            }
            touch();
            if (body.length() + chunk.length() > MAX_UPSTREAM_BODY) {
                upstreamFailed(new IllegalStateException("upstream body over " + MAX_UPSTREAM_BODY + " bytes"), "too_large");
                return;
            }
            body.appendBuffer(chunk);
        });
        up.exceptionHandler(e -> upstreamFailed(e, "reset"));
        up.endHandler(v -> {
            if (!done) {
                onUpstreamBody(up, status, body);
            }
        });
    }

    private void onUpstreamBody(HttpClientResponse up, int status, Buffer body) {
        byte[] bytes = body.getBytes();
        if (status < 400) {
            if (!observer.onBody(bytes)) {
                h.metrics.upstreamError(upstream.name(), "unreadable");
                reply(502, "the upstream sent a response that is not JSON", null);
                return;
            }
            relayBody(status, up.getHeader("content-type"), body);
            return;
        }
        JsonNode json = ResponseObserver.parse(bytes);
        h.metrics.upstreamError(upstream.name(), "status_" + status);
        if (status == 401 || status == 403) {
            reply(502, "the upstream refused the gateway's credential (HTTP " + status + ")", null);
            return;
        }
        boolean inFormat = json != null && (flavor == ApiFlavor.OPENAI ? json.path("error").isObject()
                : "error".equals(json.path("type").asText()) && json.path("error").isObject());
        String retryAfter = up.getHeader("retry-after");
        if (retryAfter != null) {
            resp.putHeader("retry-after", retryAfter);
        }
        if (inFormat) {
            relayBody(status, "application/json", body);
        } else {
            reply(status, "the upstream answered HTTP " + status, null);
        }
    }

    private void relayStream(HttpClientResponse up) {
        streaming = true;
        h.metrics.openStreams.incrementAndGet();
        resp.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
        // Events that arrive together go to the client together: the decoder gathers what one upstream
        // read completes (Netty hands a read's HTTP chunks over one by one) and a task queued behind
        // that read writes them in one go. Each event still leaves as soon as its read is processed;
        // a burst of events costs one write instead of one per event.
        SseDecoder decoder = new SseDecoder(MAX_EVENT_BYTES, event -> {
            if (observer.onEvent(event)) {
                // each event's raw bytes are a buffer of its own (SseDecoder copies them out), so the
                // first one can gather the rest
                gathered = gathered == null ? event.raw() : gathered.appendBuffer(event.raw());
            }
        });
        up.handler(chunk -> {
            if (done) {
                return;
            }
            touch();
            try {
                decoder.feed(chunk);
            } catch (IllegalStateException e) {
                midStreamFailure(502, e.getMessage(), "too_large");
                resetUpstream();
                return;
            }
            if (gathered != null && !relayQueued) {
                relayQueued = true;
                h.context.runOnContext(v -> relayGathered(up));
            }
        });
        up.exceptionHandler(e -> midStreamFailure(e instanceof TimeoutException ? 504 : 502,
                e instanceof TimeoutException ? "the upstream stream stalled" : "the upstream stream broke off", "reset"));
        up.endHandler(v -> {
            if (done) {
                return;
            }
            if (decoder.pendingBytes() > 0) {
                midStreamFailure(502, "the upstream stream ended inside an event", "truncated");
                return;
            }
            record(200);
            Buffer last = takeGathered();
            if (last == null) {
                resp.end();
            } else {
                resp.end(last);
            }
        });
    }

    /** The queued write of {@link #relayStream}: events gathered since, then back-pressure on the upstream. */
    private void relayGathered(HttpClientResponse up) {
        relayQueued = false;
        Buffer events = takeGathered();
        if (done || events == null) {
            return;
        }
        resp.write(events);
        if (resp.writeQueueFull()) {
            up.pause();
            resp.drainHandler(v -> up.resume());
        }
    }

    private Buffer takeGathered() {
        Buffer events = gathered;
        gathered = null;
        return events;
    }

    private void midStreamFailure(int status, String message, String kind) {
        if (done) {
            return;
        }
        h.metrics.upstreamError(upstream.name(), kind);
        observer.markStop("error");
        warnFailure(kind, message);
        record(200);
        Buffer events = takeGathered(); // whole events that came before the failure still go out first
        resp.end(events == null ? flavor.streamErrorEvent(status, message)
                : events.appendBuffer(flavor.streamErrorEvent(status, message)));
    }

    /** Logs an upstream failure, throttled per upstream and kind ({@link LogThrottle}). */
    private void warnFailure(String kind, String what) {
        long heldBack = h.failureLog.admit(upstream.name() + '|' + kind, System.nanoTime());
        if (heldBack >= 0) {
            LOG.warn("exchange {}: {} (upstream {}){}", id, what, upstream.name(),
                    heldBack == 0 ? "" : "; " + heldBack + " more like it held back since the last such line");
        }
    }

    private void upstreamFailed(Throwable cause, String kind) {
        if (done) {
            return;
        }
        expectNothing();
        boolean timeout = cause instanceof TimeoutException
                || cause != null && cause.getClass().getSimpleName().contains("Timeout");
        if (streaming) {
            midStreamFailure(timeout ? 504 : 502, timeout ? "the upstream stream stalled" : "the upstream stream broke off",
                    kind);
        } else {
            h.metrics.upstreamError(upstream.name(), timeout ? "timeout" : kind);
            warnFailure(kind, "failed (" + kind + "): " + cause);
            if (timeout) {
                reply(504, "the upstream did not answer in time", null);
            } else {
                reply(502, "the upstream is unavailable", null);
            }
        }
        resetUpstream();
    }

    /**
     * Resets the upstream request once the exchange is recorded: a reset may call the response's
     * exception handler at once (HTTP/2 does), which must then find the exchange done rather than
     * report the gateway's own reset as an upstream failure.
     */
    private void resetUpstream() {
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
    }

    private void relayBody(int status, String contentType, Buffer body) {
        resp.setStatusCode(status).putHeader("content-type", contentType == null ? "application/json" : contentType);
        record(status);
        resp.end(body);
    }

    private void reply(int status, String message, String param) {
        if (done) {
            return;
        }
        resp.setStatusCode(status).putHeader("content-type", "application/json");
        record(status);
        resp.end(flavor.errorBody(status, message, param));
    }

    /** Answers and closes the connection: the request body is not (fully) read, so the connection cannot be reused. */
    private void rejectAndClose(int status, String message) {
        if (done) {
            return;
        }
        expectNothing();
        resp.putHeader("connection", "close");
        reply(status, message, null);
        req.connection().close();
    }

    private void onClientClosed() {
        if (done) {
            return;
        }
        expectNothing();
        if (observer != null) {
            observer.markStop("client_closed");
        }
        record(streaming ? 200 : 499);
        resetUpstream();
    }

    private void touch() {
        waitSince = System.nanoTime();
    }

    /**
     * Starts waiting for {@code what}, at most {@code limitNanos} (for upstream bytes: since the last
     * ones): the exchange joins its loop's {@link TimeoutSweep}, whose one timer serves every exchange
     * of the loop. A flowing stream so costs no timer work per chunk ({@link #touch} moves the start).
     */
    private void expect(Wait what, long limitNanos) {
        waiting = what;
        waitSince = System.nanoTime();
        waitLimit = limitNanos;
        h.timeouts.watch(watchdog);
    }

    /** Between waits (body read, upstream answer under way). */
    private void expectNothing() {
        waiting = Wait.NOTHING;
        h.timeouts.unwatch(watchdog);
    }

    /** The current wait ran out (the sweep has already let go of the exchange). */
    private void onWatchdog() {
        if (done || waiting == Wait.NOTHING) {
            return;
        }
        switch (waiting) {
            case REQUEST_BODY -> rejectAndClose(408, "request body not received within "
                    + h.config.requestReadTimeout().toSeconds() + " s");
            case FIRST_BYTE -> upstreamFailed(new TimeoutException("no response within " + upstream.firstByteTimeout()),
                    "first_byte");
            case UPSTREAM_BYTES -> upstreamFailed(new TimeoutException("upstream silent for " + upstream.idleTimeout()),
                    "idle");
            default -> throw new IllegalStateException("waiting for " + waiting);
        }
    }

    /** What the log keeps of the answer; in privacy mode no text, only its shape. */
    private io.stillwatch.model.ResponseSummary summary() {
        io.stillwatch.model.ResponseSummary s = observer == null ? null : observer.summary();
        if (s == null || !h.config.privacy()) {
            return s;
        }
        io.stillwatch.model.ResponseSummary shape =
                new io.stillwatch.model.ResponseSummary(null, s.reasoningChars(), s.stopReason());
        return shape.isEmpty() ? null : shape;
    }

    /** Appends the exchange-log record; runs once per exchange, before the last byte goes out. */
    private void record(int status) {
        if (done) {
            return;
        }
        done = true;
        expectNothing();
        long nanos = System.nanoTime() - startNanos;
        if (streaming) {
            h.metrics.openStreams.decrementAndGet();
        }
        JsonNode request = h.config.privacy() || requestBody == null ? null : requestBody.forLog();
        JsonNode fingerprint = null;
        if (request == null) {
            fingerprint = requestBody != null ? PromptFingerprint.of(requestBody.tree()) : PromptFingerprint.ofRaw(rawBody);
        }
        ExchangeRecord r = new ExchangeRecord(ExchangeRecord.VERSION, id, ts, account, key, ip,
                req.getHeader("user-agent"), endpoint.api, model, stream, request, fingerprint,
                summary(), observer == null ? null : observer.usage(),
                status, nanos / 1_000_000, action);
        h.log.append(r);
        h.metrics.exchange(endpoint.api, status, nanos);
    }
}
