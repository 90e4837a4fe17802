package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.stillwatch.access.AuthResult;
import io.stillwatch.gateway.upstream.ResponseListener;
import io.stillwatch.gateway.upstream.UpstreamCall;
import io.stillwatch.model.Action;
import io.stillwatch.model.ExchangeRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
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
final class Exchange implements ResponseListener {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int MAX_UPSTREAM_BODY = 32 << 20;
    private static final int MAX_EVENT_BYTES = 4 << 20;
    /** Largest buffer made ahead of the bytes on a declared Content-Length (it grows as they arrive). */
    private static final int PREALLOCATE = 64 << 10;
    /** Client headers never sent upstream: credentials, hop-by-hop, and those the gateway sets itself. */
    private static final Set<String> NOT_FORWARDED = caseInsensitive("authorization", "x-api-key", "host",
            "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-connection", "accept-encoding", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "forwarded", "cookie", "expect");
    /** Headers the gateway builds itself are valid by construction: Netty's per-header validation is skipped. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    /** The gateway sends no trailers: one shared empty set instead of a header table per message. */
    private static final HttpHeaders TRAILERS = EmptyHttpHeaders.INSTANCE;
    private static final String EXCHANGE_ID = "x-stillwatch-exchange-id";
    private static final byte[] NO_BYTES = new byte[0];

    private final GatewayLoop h;
    private final ClientConnection connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest req;
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
    /** The request body as read: {@link #bodyLength} bytes; exactly sized once the request is read. */
    private byte[] rawBody = NO_BYTES;
    private int bodyLength;
    private boolean requestRead;
    private Action action;
    private ResponseObserver observer;
    private UpstreamCall upstreamCall;
    /** The model listing's calls, for {@code GET /v1/models}. */
    private ModelListing listing;
    private Upstream upstream;
    /** The upstream response: status and head, and its body while it is gathered (non-streamed answers). */
    private HttpResponse upstreamHead;
    private byte[] upstreamBody;
    private int upstreamLength;
    private SseDecoder decoder;
    private boolean streaming;
    /** The head, written and not yet flushed (it leaves with the first events). */
    private boolean unflushed;
    /** Events decoded since the last upstream read completed: written to the client as one chunk then. */
    private ByteBuf gathered;
    private boolean done;
    /** What the exchange waits for, and so which timeout applies: see {@link #expect}. */
    private enum Wait { NOTHING, REQUEST_BODY, FIRST_BYTE, UPSTREAM_BYTES, CLIENT_DRAIN }

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

    Exchange(GatewayLoop h, ClientConnection connection, HttpRequest req, Endpoint endpoint, long startNanos) {
        this.h = h;
        this.connection = connection;
        this.ctx = connection.ctx();
        this.req = req;
        this.endpoint = endpoint;
        this.flavor = endpoint.flavor;
        this.startNanos = startNanos;
        this.ts = h.clock.instant();
        this.id = h.ids.next();
        this.ip = h.ips.resolve(connection.peer(), req.headers().get("x-forwarded-for"));
        h.inFlight.incrementAndGet();
    }

    /** Header names compare case-insensitively (RFC 9110 §5.1), without a lower-cased copy per header. */
    private static Set<String> caseInsensitive(String... names) {
        java.util.TreeSet<String> set = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return java.util.Collections.unmodifiableSet(set);
    }

    /** Whether the whole request has been read (or the exchange ended before): later bytes belong to the next one. */
    boolean requestRead() {
        return requestRead || done;
    }

    /** Checks the declared length, then waits for the body (bounded in time). */
    void start() {
        String length = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
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
            if (declared > 0) {
                // sized for the declared body only up to 64 KiB: bytes are held as they arrive, so
                // a client that declares a large body and sends nothing holds little
                rawBody = new byte[(int) Math.min(declared, PREALLOCATE)];
            }
        }
        if (HttpUtil.is100ContinueExpected(req)) { // within the limit: the client may send the body
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        expect(Wait.REQUEST_BODY, h.config.requestReadTimeout().toNanos());
    }

    void onRequestBytes(ByteBuf chunk) {
        if (done) {
            return;
        }
        int n = chunk.readableBytes();
        if ((long) bodyLength + n > h.config.maxBodyBytes()) {
            rejectAndClose(413, "request body exceeds the limit of " + h.config.maxBodyBytes() + " bytes");
            return;
        }
        if (bodyLength + n > rawBody.length) {
            rawBody = Arrays.copyOf(rawBody, Math.min(h.config.maxBodyBytes(), Math.max(bodyLength + n, rawBody.length * 2)));
        }
        chunk.getBytes(chunk.readerIndex(), rawBody, bodyLength, n);
        bodyLength += n;
    }

    void onRequestBroken() {
        if (!done) {
            rejectAndClose(400, "request body could not be read");
        }
    }

    void onRequestEnd() {
        if (done) {
            return;
        }
        requestRead = true;
        expectNothing();
        if (rawBody.length != bodyLength) {
            rawBody = Arrays.copyOf(rawBody, bodyLength);
        }
        proceed();
    }

    private void proceed() {
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
        if (endpoint == Endpoint.OPENAI_MODELS) {
            action = Action.ALLOW;
            listModels();
            return;
        }
        upstream = h.router.route(model).orElse(null);
        if (upstream == null) {
            reply(404, "model '" + model + "' is not served by this gateway", "model");
            return;
        }
        action = Action.ALLOW;
        forward();
    }

    private AuthResult authenticate() {
        HttpHeaders headers = req.headers();
        String secret = headers.get("x-api-key");
        if (secret == null || secret.isBlank()) {
            String authz = headers.get(HttpHeaderNames.AUTHORIZATION);
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
        byte[] out = rawBody;
        if (endpoint == Endpoint.OPENAI_CHAT && stream) {
            byte[] asking = requestBody.withUsageRequested();
            if (asking != null) {
                stripUsage = true;
                out = asking;
            }
        }
        observer = ResponseObserver.of(flavor, stripUsage);
        expect(Wait.FIRST_BYTE, upstream.firstByteTimeout().toNanos());
        upstreamCall = h.upstreams.send(h.target(upstream), upstreamRequest(upstream, out), this);
    }

    /**
     * {@code GET /v1/models}: every upstream of the routes is asked, and the answer lists the
     * models the gateway routes back to the upstream that listed them ({@link ModelListing}).
     */
    private void listModels() {
        observer = ResponseObserver.of(flavor, false);
        upstream = h.router.upstreams().get(0); // names the failure in logs and metrics if all fail
        listing = new ModelListing(h.router, list -> {
            expectNothing();
            upstreamBody = list;
            upstreamLength = list.length;
            relayBody(200, "application/json", null);
        }, cause -> upstreamFailed(cause, "connect"));
        expect(Wait.FIRST_BYTE, upstream.firstByteTimeout().toNanos());
        listing.start((u, listener) -> h.upstreams.send(h.target(u), upstreamRequest(u, rawBody), listener));
    }

    /** The request to {@code to}: the client's, with the gateway's headers and {@code body}. */
    private DefaultFullHttpRequest upstreamRequest(Upstream to, byte[] out) {
        HttpHeaders headers = HEADERS.newHeaders();
        Iterator<Map.Entry<CharSequence, CharSequence>> it = req.headers().iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            if (!NOT_FORWARDED.contains(e.getKey().toString())) {
                headers.add(e.getKey(), e.getValue());
            }
        }
        headers.set(HttpHeaderNames.HOST, h.target(to).authority());
        if (!to.credential().isEmpty()) {
            if (flavor == ApiFlavor.OPENAI) {
                headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + to.credential());
            } else {
                headers.set("x-api-key", to.credential());
            }
        }
        headers.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        if (endpoint.hasBody()) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, out.length);
        }
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, endpoint.method,
                to.pathPrefix() + req.uri(), endpoint.hasBody() ? Unpooled.wrappedBuffer(out) : Unpooled.EMPTY_BUFFER,
                headers, TRAILERS);
    }

    // ---- the upstream's answer (ResponseListener, on this loop) ----

    @Override
    public void onHead(HttpResponse head) {
        if (done) {
            return;
        }
        upstreamHead = head;
        expect(Wait.UPSTREAM_BYTES, upstream.idleTimeout().toNanos());
        String contentType = head.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (stream && head.status().code() == 200 && contentType != null && contentType.startsWith("text/event-stream")) {
            startStream();
        } else {
            String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            int declared = length == null ? 0 : (int) Math.min(PREALLOCATE, parseLength(length));
            upstreamBody = new byte[Math.max(declared, 0)];
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void onContent(ByteBuf content) {
        if (done) {
            return;
        }
        touch();
        if (streaming) {
            try {
                decoder.feed(content);
            } catch (IllegalStateException e) {
                midStreamFailure(502, e.getMessage(), "too_large");
                resetUpstream();
                return;
            }
            return;
        }
        int n = content.readableBytes();
        if (upstreamLength + n > MAX_UPSTREAM_BODY) {
            upstreamFailed(new IllegalStateException("upstream body over " + MAX_UPSTREAM_BODY + " bytes"), "too_large");
            return;
        }
        if (upstreamLength + n > upstreamBody.length) {
            upstreamBody = Arrays.copyOf(upstreamBody, Math.min(MAX_UPSTREAM_BODY,
                    Math.max(upstreamLength + n, upstreamBody.length * 2)));
        }
        content.getBytes(content.readerIndex(), upstreamBody, upstreamLength, n);
        upstreamLength += n;
    }

    @Override
    public void onReadComplete() {
        if (done) {
            return;
        }
        ByteBuf events = takeGathered();
        if (events != null) {
            ctx.write(new DefaultHttpContent(events));
            unflushed = true;
        }
        if (unflushed) {
            unflushed = false;
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                // resumed when the client has taken the bytes (onClientWritable); meanwhile the
                // upstream's silence is ours, and the client gets the client idle timeout to read
                upstreamCall.pause();
                expect(Wait.CLIENT_DRAIN, h.config.clientIdleTimeout().toNanos());
            }
        }
    }

    private ByteBuf takeGathered() {
        ByteBuf events = gathered;
        gathered = null;
        return events;
    }

    @Override
    public void onEnd() {
        if (done) {
            return;
        }
        if (!streaming) {
            onUpstreamBody();
            return;
        }
        if (decoder.pendingBytes() > 0) {
            midStreamFailure(502, "the upstream stream ended inside an event", "truncated");
            return;
        }
        record(200);
        ByteBuf last = takeGathered();
        finish(last == null ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent(last, TRAILERS));
    }

    @Override
    public void onFailure(String kind, Throwable cause) {
        upstreamFailed(cause, kind);
    }

    private void onUpstreamBody() {
        int status = upstreamHead.status().code();
        if (status < 400) {
            if (!observer.onBody(upstreamBody, 0, upstreamLength)) {
                h.metrics.upstreamError(upstream.name(), "unreadable");
                reply(502, "the upstream sent a response that is not JSON", null);
                return;
            }
            relayBody(status, upstreamHead.headers().get(HttpHeaderNames.CONTENT_TYPE), null);
            return;
        }
        JsonNode json = ResponseObserver.parse(Arrays.copyOf(upstreamBody, upstreamLength));
        h.metrics.upstreamError(upstream.name(), "status_" + status);
        if (status == 401 || status == 403) {
            reply(502, "the upstream refused the gateway's credential (HTTP " + status + ")", null);
            return;
        }
        boolean inFormat = json != null && (flavor == ApiFlavor.OPENAI ? json.path("error").isObject()
                : "error".equals(json.path("type").asText()) && json.path("error").isObject());
        String retryAfter = upstreamHead.headers().get(HttpHeaderNames.RETRY_AFTER);
        if (inFormat) {
            relayBody(status, "application/json", retryAfter);
        } else {
            replyWith(status, flavor.errorBody(status, "the upstream answered HTTP " + status, null), retryAfter, false);
        }
    }

    private void startStream() {
        streaming = true;
        h.metrics.openStreams.incrementAndGet();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HEADERS);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(EXCHANGE_ID, id);
        ctx.write(connection.prepare(head, false));
        unflushed = true;
        // The events one upstream read completes are gathered into one buffer and leave as one
        // chunk once the read is processed (onReadComplete): each event goes out as soon as its
        // read is done, and a burst costs one chunk and one write instead of one per event.
        decoder = new SseDecoder(MAX_EVENT_BYTES, event -> {
            ByteBuf raw = event.raw();
            if (observer.onEvent(event)) {
                if (gathered == null) {
                    gathered = raw; // the decoder's copy; the next events of the read join it
                    return;
                }
                gathered.writeBytes(raw);
            }
            raw.release();
        });
    }

    /** The client can take bytes again: read the upstream again. */
    void onClientWritable() {
        if (streaming && !done && upstreamCall != null && waiting == Wait.CLIENT_DRAIN) {
            expect(Wait.UPSTREAM_BYTES, upstream.idleTimeout().toNanos());
            upstreamCall.resume();
        }
    }

    private void midStreamFailure(int status, String message, String kind) {
        if (done) {
            return;
        }
        h.metrics.upstreamError(upstream.name(), kind);
        observer.markStop("error");
        warnFailure(kind, message);
        record(200);
        // whole events that came before the failure go out first; the error event follows them
        ByteBuf error = Unpooled.wrappedBuffer(flavor.streamErrorEvent(status, message).getBytes(StandardCharsets.UTF_8));
        ByteBuf events = takeGathered();
        finish(new DefaultLastHttpContent(events == null ? error : Unpooled.wrappedBuffer(events, error), TRAILERS));
    }

    /** Writes the stream's last part and hands the connection to the next request. */
    private void finish(LastHttpContent last) {
        unflushed = false;
        connection.answered(ctx.writeAndFlush(last), false);
        connection.exchangeEnded(this);
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

    /** Abandons the upstream call once the exchange is recorded (nothing more is reported after). */
    private void resetUpstream() {
        if (upstreamCall != null) {
            upstreamCall.reset();
        }
        if (listing != null) {
            listing.reset();
        }
    }

    private void relayBody(int status, String contentType, String retryAfter) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(upstreamBody, 0, upstreamLength), HEADERS.newHeaders(), TRAILERS);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? "application/json" : contentType);
        send(r, status, retryAfter, false);
    }

    private void reply(int status, String message, String param) {
        replyWith(status, flavor.errorBody(status, message, param), null, false);
    }

    private void replyWith(int status, String body, String retryAfter, boolean close) {
        if (done) {
            return;
        }
        send(ClientConnection.json(status, body), status, retryAfter, close);
    }

    /** Records the exchange, then writes the whole answer (and closes the connection after it when asked). */
    private void send(FullHttpResponse r, int status, String retryAfter, boolean close) {
        HttpHeaders headers = r.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes()).set(EXCHANGE_ID, id);
        if (retryAfter != null) {
            headers.set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        record(status);
        connection.answered(ctx.writeAndFlush(connection.prepare(r, close)), close);
        connection.exchangeEnded(this);
    }

    /** Answers and closes the connection: the request body is not (fully) read, so the connection cannot be reused. */
    private void rejectAndClose(int status, String message) {
        if (done) {
            return;
        }
        expectNothing();
        replyWith(status, flavor.errorBody(status, message, null), null, true);
    }

    /** The client connection closed (or idled out) before the answer was complete. */
    void onClientClosed() {
        ByteBuf events = takeGathered();
        if (events != null) {
            events.release();
        }
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

    /** Upstream bytes arrived: the upstream's silence starts again (not while the client is the one waited for). */
    private void touch() {
        if (waiting == Wait.UPSTREAM_BYTES) {
            waitSince = System.nanoTime();
        }
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
            // a client that stopped reading mid-stream: closed, and recorded as the client's close
            case CLIENT_DRAIN -> ctx.close();
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
        h.inFlight.decrementAndGet();
        long nanos = System.nanoTime() - startNanos;
        if (streaming) {
            h.metrics.openStreams.decrementAndGet();
        }
        JsonNode request = h.config.privacy() || requestBody == null ? null : requestBody.forLog();
        JsonNode fingerprint = null;
        if (request == null) {
            fingerprint = requestBody != null ? PromptFingerprint.of(requestBody.tree())
                    : PromptFingerprint.ofRaw(Arrays.copyOf(rawBody, bodyLength));
        }
        ExchangeRecord r = new ExchangeRecord(ExchangeRecord.VERSION, id, ts, account, key, ip,
                req.headers().get(HttpHeaderNames.USER_AGENT), endpoint.api, model, stream, request, fingerprint,
                summary(), observer == null ? null : observer.usage(),
                status, nanos / 1_000_000, action);
        h.log.append(r);
        h.metrics.exchange(endpoint.api, status, nanos);
    }
}
