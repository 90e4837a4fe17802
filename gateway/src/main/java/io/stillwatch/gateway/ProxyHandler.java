package io.stillwatch.gateway;

import io.netty.handler.codec.TooLongFrameException;
import io.stillwatch.access.Authenticator;
import io.stillwatch.gateway.log.ExchangeLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;

/**
 * Entry point of every client request: finds the endpoint and hands the request to a new
 * {@link Exchange}; answers unknown paths and undecodable requests in the caller's API format.
 */
final class ProxyHandler {
    final GatewayConfig config;
    final Authenticator authenticator;
    final Clock clock;
    final HttpClientAgent client;
    final HttpClientAgent client2;
    final ExchangeLog log;
    final GatewayMetrics metrics;
    final Vertx vertx;
    final Router router;
    final ClientIpResolver ips;
    final ExchangeIds ids;
    final TimeoutSweep timeouts;
    /** Upstream failure lines: at most 10 a second per upstream and kind (the metrics count them all). */
    final LogThrottle failureLog;
    /** The event loop's context: the handler is made in its verticle's start, one per loop. */
    final Context context;

    ProxyHandler(GatewayConfig config, Authenticator authenticator, Clock clock, HttpClientAgent client,
                 HttpClientAgent client2, ExchangeLog log, GatewayMetrics metrics, Vertx vertx, LogThrottle failureLog) {
        this.config = config;
        this.authenticator = authenticator;
        this.clock = clock;
        this.client = client;
        this.client2 = client2;
        this.log = log;
        this.metrics = metrics;
        this.vertx = vertx;
        this.router = new Router(config.routes());
        this.ips = new ClientIpResolver(config.trustedProxies());
        this.ids = new ExchangeIds(clock);
        this.timeouts = new TimeoutSweep(vertx);
        this.context = vertx.getOrCreateContext();
        this.failureLog = failureLog;
    }

    void handle(HttpServerRequest req) {
        long start = System.nanoTime();
        Endpoint endpoint = Endpoint.find(req.method(), req.path());
        if (endpoint == null) {
            ApiFlavor flavor = Endpoint.flavorFor(req.path());
            String what = req.method() + " " + req.path();
            req.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end(flavor.errorBody(404, "no such endpoint: " + what, null));
            metrics.exchange("unknown", 404, System.nanoTime() - start);
            return;
        }
        new Exchange(this, req, endpoint, start).start();
    }

    /** Requests the HTTP decoder rejected (head too large, malformed request line). */
    void invalid(HttpServerRequest req) {
        Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
        boolean tooLong = cause instanceof TooLongFrameException;
        int status = tooLong ? 431 : 400;
        String path = req.path() == null ? "/" : req.path();
        ApiFlavor flavor = Endpoint.flavorFor(path);
        req.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("connection", "close")
                .end(flavor.errorBody(status, tooLong ? "request header fields too large" : "malformed HTTP request", null))
                .onComplete(v -> req.connection().close());
        metrics.exchange("unknown", status, 0);
    }
}
