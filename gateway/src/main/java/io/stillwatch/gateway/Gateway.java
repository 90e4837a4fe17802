package io.stillwatch.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stillwatch.access.Authenticator;
import io.stillwatch.gateway.log.ExchangeLog;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: an HTTP server that authenticates each call, relays it to the upstream its
 * model routes to, streams the answer back event by event, and appends one exchange-log record per
 * exchange. Also an admin server with {@code /metrics} (Prometheus) and {@code /healthz}.
 * Start with {@link #start}; {@link #close()} stops accepting, then flushes and closes the log.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final HttpServer server;
    private final List<HttpServer> servers;
    private final HttpServer admin;
    private final ExchangeLog exchangeLog;
    private final PrometheusMeterRegistry registry;
    private volatile boolean closed;
    private static final int H2_STREAMS_PER_CONNECTION = 250;
    private static final int H2_STREAM_WINDOW = 65_535; // the HTTP/2 default initial stream window
    private static final int H2_MAX_CONNECTIONS = 128;  // per event loop: 32,000 streams

    private Gateway(Vertx vertx, List<HttpServer> servers, HttpServer admin, ExchangeLog exchangeLog,
                    PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.servers = List.copyOf(servers);
        this.server = servers.get(0);
        this.admin = admin;
        this.exchangeLog = exchangeLog;
        this.registry = registry;
    }

    /**
     * Opens the exchange log, binds the ports and returns once both servers listen.
     *
     * @throws IOException when the log cannot be opened or a port cannot be bound
     */
    public static Gateway start(GatewayConfig config, Authenticator authenticator, Clock clock) throws IOException {
        Objects.requireNonNull(authenticator, "authenticator");
        GatewayConfig.ExchangeLogConfig lc = config.exchangeLog();
        ExchangeLog log = ExchangeLog.open(lc.directory(), lc.queueCapacity(), lc.rotateBytes(), lc.rotateDaily(),
                lc.maxBlock(), clock);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
            GatewayMetrics metrics = new GatewayMetrics(registry, log);
            LogThrottle failureLog = new LogThrottle(TimeUnit.SECONDS.toNanos(1), 10); // shared by the loops
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            int perLoopConnections = Math.max(1, (config.maxUpstreamConnections() + loops - 1) / loops);
            HttpServerOptions serverOptions = new HttpServerOptions()
                    .setHost(config.host())
                    .setMaxHeaderSize(config.maxHeaderBytes())
                    .setMaxInitialLineLength(Math.min(8192, config.maxHeaderBytes()))
                    .setIdleTimeout((int) Math.max(1, config.clientIdleTimeout().toSeconds()))
                    .setIdleTimeoutUnit(TimeUnit.SECONDS)
                    .setTcpNoDelay(true)
                    // thousands of streaming clients may connect within seconds; the kernel caps this at somaxconn
                    .setAcceptBacklog(8192)
                    .setCompressionSupported(false)
                    // every exchange runs on its connection's event loop (handlers, timers, the upstream
                    // client of that loop), so Vert.x may skip its cross-thread hand-off per write
                    .setStrictThreadMode(true)
                    .setHandle100ContinueAutomatically(true);
            // One server per event loop, sharing the port (Vert.x balances connections across them):
            // a server created outside a verticle would serve every connection from one thread.
            List<HttpServer> servers = new CopyOnWriteArrayList<>();
            Supplier<Deployable> listener = () -> new VerticleBase() {
                @Override
                public Future<?> start() {
                    // Upstream clients created here belong to this verticle's event loop, so a request
                    // and its upstream connection live on one thread: a client shared by all loops hands
                    // connections across loops and pays a thread hop for every event of every exchange.
                    ProxyHandler handler = new ProxyHandler(config, authenticator, clock,
                            http1Client(vertx, perLoopConnections), http2Client(vertx), log, metrics, vertx,
                            failureLog);
                    HttpServer s = vertx.createHttpServer(serverOptions)
                            .requestHandler(handler::handle)
                            .invalidRequestHandler(handler::invalid);
                    servers.add(s);
                    return s.listen(serverOptions.getPort(), config.host());
                }
            };
            // Vert.x shares a random port among servers that ask for the same negative port
            serverOptions.setPort(config.port() == 0 ? -1 : config.port());
            // one deployment: its instances share the port, a random one included when port is 0
            await(vertx.deployVerticle(listener, new DeploymentOptions().setInstances(loops)),
                    "listen on " + config.host() + ":" + config.port());
            if (servers.stream().mapToInt(HttpServer::actualPort).distinct().count() != 1) {
                throw new IOException("listeners bound different ports: "
                        + servers.stream().map(HttpServer::actualPort).toList());
            }
            HttpServer server = servers.get(0);
            HttpServer admin = null;
            if (config.adminPort() >= 0) {
                admin = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()))
                        .requestHandler(req -> {
                            switch (req.path()) {
                                case "/metrics" -> req.response().putHeader("content-type",
                                        "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
                                case "/healthz" -> req.response().putHeader("content-type", "application/json")
                                        .end("{\"status\":\"ok\"}");
                                default -> req.response().setStatusCode(404).end();
                            }
                        });
                await(admin.listen(config.adminPort(), config.host()), "listen (admin) on " + config.adminPort());
            }
            Gateway g = new Gateway(vertx, servers, admin, log, registry);
            LOG.info("gateway listening on {}:{} (admin {}), {} route(s), privacy {}, {} transport, {} event loop(s)",
                    config.host(), server.actualPort(), admin == null ? "off" : Integer.toString(admin.actualPort()),
                    config.routes().size(), config.privacy() ? "on" : "off",
                    vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO", loops);
            return g;
        } catch (IOException | RuntimeException e) {
            vertx.close();
            log.close();
            throw e;
        }
    }

    /** Pooled keep-alive HTTP/1.1 connections to the upstreams, for one event loop. */
    private static HttpClientAgent http1Client(Vertx vertx, int maxConnections) {
        return vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setMaxInitialLineLength(8192).setMaxHeaderSize(64 * 1024)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    /**
     * HTTP/2 to the upstreams (h2c with prior knowledge for http://, ALPN for https://), for one event
     * loop. At most {@value #H2_STREAMS_PER_CONNECTION} streams share a connection, and the
     * connection's receive window is as large as all their stream windows together: a stream paused
     * by a slow client then holds only its own window and never starves the other streams of the
     * connection (with the 64 KiB default connection window, a few paused streams stall them all).
     */
    private static HttpClientAgent http2Client(Vertx vertx) {
        return vertx.createHttpClient(
                new HttpClientOptions().setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false).setUseAlpn(true).setTcpNoDelay(true)
                        .setDecompressionSupported(false)
                        .setHttp2MultiplexingLimit(H2_STREAMS_PER_CONNECTION)
                        .setHttp2ConnectionWindowSize(H2_STREAMS_PER_CONNECTION * H2_STREAM_WINDOW)
                        .setMaxHeaderSize(64 * 1024),
                new PoolOptions().setHttp2MaxSize(H2_MAX_CONNECTIONS).setMaxWaitQueueSize(-1));
    }

    private static <T> T await(io.vertx.core.Future<T> f, String what) throws IOException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("timed out: " + what, e);
        }
    }

    /** The client-facing port actually bound. */
    public int port() {
        return server.actualPort();
    }

    /** The admin port actually bound, or -1 when disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.actualPort();
    }

    public ExchangeLog exchangeLog() {
        return exchangeLog;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops accepting requests, waits briefly for streams in flight, then flushes and closes the exchange log. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            await(Future.all(servers.stream().map(s -> s.shutdown(5, TimeUnit.SECONDS)).toList()), "shut down");
        } catch (IOException e) {
            LOG.warn("gateway shutdown: {}", e.getMessage());
        }
        try {
            await(vertx.close(), "close");
        } catch (IOException e) {
            LOG.warn("gateway close: {}", e.getMessage());
        }
        exchangeLog.close();
        registry.close();
        LOG.info("gateway stopped; exchange log: {} written, {} dropped", exchangeLog.written(), exchangeLog.dropped());
    }

}
