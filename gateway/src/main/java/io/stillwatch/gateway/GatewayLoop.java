package io.stillwatch.gateway;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.stillwatch.access.Authenticator;
import io.stillwatch.gateway.log.ExchangeLog;
import io.stillwatch.gateway.upstream.Target;
import io.stillwatch.gateway.upstream.UpstreamClient;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the exchanges of one event loop share: the configuration and services of the gateway, and
 * the loop's own upstream client, timeout sweep and exchange ids. Every client connection and
 * upstream connection of the loop uses it from the loop's thread only.
 */
final class GatewayLoop {
    final GatewayConfig config;
    final Authenticator authenticator;
    final Clock clock;
    final ExchangeLog log;
    final GatewayMetrics metrics;
    final Router router;
    final ClientIpResolver ips;
    final ExchangeIds ids;
    final TimeoutSweep timeouts;
    final UpstreamClient upstreams;
    /** Upstream failure lines: at most 10 a second per upstream and kind (the metrics count them all). */
    final LogThrottle failureLog;
    /** Exchanges begun and not yet recorded (read by {@link Gateway#close} from another thread). */
    final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Upstream, Target> targets = new IdentityHashMap<>();

    GatewayLoop(EventLoop loop, GatewayConfig config, Authenticator authenticator, Clock clock, ExchangeLog log,
                GatewayMetrics metrics, LogThrottle failureLog, int maxUpstreamConnections) {
        this.config = config;
        this.authenticator = authenticator;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.failureLog = failureLog;
        this.router = new Router(config.routes());
        this.ips = new ClientIpResolver(config.trustedProxies());
        this.ids = new ExchangeIds(clock);
        this.timeouts = new TimeoutSweep(loop);
        this.upstreams = new UpstreamClient(loop, maxUpstreamConnections);
    }

    /**
     * A new exchange for a request to a known endpoint, not yet started; null when the path is
     * unknown, answered here with 404 in the caller's API format.
     */
    Exchange begin(ClientConnection connection, HttpRequest request) {
        long start = System.nanoTime();
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        Endpoint endpoint = Endpoint.find(request.method(), path);
        if (endpoint != null) {
            return new Exchange(this, connection, request, endpoint, start);
        }
        ApiFlavor flavor = Endpoint.flavorFor(path);
        connection.answered(connection.ctx().writeAndFlush(connection.prepare(ClientConnection.json(404,
                flavor.errorBody(404, "no such endpoint: " + request.method() + " " + path, null)), false)), false);
        connection.waitForRequest();
        metrics.exchange("unknown", 404, System.nanoTime() - start);
        return null;
    }

    /** Where and how to reach an upstream (made once per upstream and loop). */
    Target target(Upstream u) {
        return targets.computeIfAbsent(u, x -> new Target(x.baseUrl().getHost(), x.port(), x.tls(), x.http2(),
                x.connectTimeout().toMillis()));
    }
}
