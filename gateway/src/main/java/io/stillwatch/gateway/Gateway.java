package io.stillwatch.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.stillwatch.access.Authenticator;
import io.stillwatch.gateway.log.ExchangeLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: an HTTP server that authenticates each call, relays it to the upstream its
 * model routes to, streams the answer back event by event, and appends one exchange-log record per
 * exchange. Also an admin server with {@code /metrics} (Prometheus) and {@code /healthz}.
 * Start with {@link #start}; {@link #close()} stops accepting, then flushes and closes the log.
 *
 * <p>The data path is Netty directly (native epoll where available, else NIO): one event loop per
 * core; each client connection, its exchanges and their upstream connections stay on one loop
 * ({@link GatewayLoop}), so no event of an exchange crosses threads.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Bytes queued towards a client before its stream stops reading the upstream (back-pressure). */
    private static final WriteBufferWaterMark CLIENT_WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    private static final int MAX_CHUNK = 64 * 1024;

    private final EventLoopGroup loops;
    private final EventLoopGroup adminLoop;
    private final Channel server;
    private final Channel admin;
    private final ChannelGroup clients;
    private final Map<EventExecutor, GatewayLoop> perLoop;
    private final ExchangeLog exchangeLog;
    private final PrometheusMeterRegistry registry;
    private volatile boolean closed;

    private Gateway(EventLoopGroup loops, EventLoopGroup adminLoop, Channel server, Channel admin,
                    ChannelGroup clients, Map<EventExecutor, GatewayLoop> perLoop, ExchangeLog exchangeLog,
                    PrometheusMeterRegistry registry) {
        this.loops = loops;
        this.adminLoop = adminLoop;
        this.server = server;
        this.admin = admin;
        this.clients = clients;
        this.perLoop = perLoop;
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
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty samples one buffer in 128 with a stack trace to find leaks: a debugging aid that
            // cost ~1.5 % of the event loops' time; tests turn it on (paranoid) with the property
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        GatewayConfig.ExchangeLogConfig lc = config.exchangeLog();
        ExchangeLog log = ExchangeLog.open(lc.directory(), lc.queueCapacity(), lc.rotateBytes(), lc.rotateDaily(),
                lc.maxBlock(), clock);
        boolean epoll = Epoll.isAvailable();
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("stillwatch-loop"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup adminLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stillwatch-admin"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
            GatewayMetrics metrics = new GatewayMetrics(registry, log);
            LogThrottle failureLog = new LogThrottle(TimeUnit.SECONDS.toNanos(1), 10); // shared by the loops
            int perLoopConnections = Math.max(1, (config.maxUpstreamConnections() + n - 1) / n);
            Map<EventExecutor, GatewayLoop> perLoop = new IdentityHashMap<>();
            for (EventExecutor e : loops) {
                perLoop.put(e, new GatewayLoop((EventLoop) e, config, authenticator, clock, log, metrics, failureLog,
                        perLoopConnections));
            }
            ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
            int maxLine = Math.min(8192, config.maxHeaderBytes());
            ChannelFuture bound = new ServerBootstrap().group(loops).channel(serverChannel)
                    // thousands of streaming clients may connect within seconds; the kernel caps this at somaxconn
                    .option(ChannelOption.SO_BACKLOG, 8192)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CLIENT_WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            clients.add(ch);
                            ch.pipeline().addLast(
                                    new HttpServerCodec(maxLine, config.maxHeaderBytes(), MAX_CHUNK),
                                    new ClientConnection(perLoop.get(ch.eventLoop())));
                        }
                    })
                    .bind(config.host(), config.port());
            Channel server = await(bound, "listen on " + config.host() + ":" + config.port());
            Channel admin = null;
            if (config.adminPort() >= 0) {
                admin = await(AdminServer.bind(adminLoop, serverChannel, config.host(), config.adminPort(), registry),
                        "listen (admin) on " + config.adminPort());
            }
            Gateway g = new Gateway(loops, adminLoop, server, admin, clients, perLoop, log, registry);
            LOG.info("gateway listening on {}:{} (admin {}), {} route(s), privacy {}, {} transport, {} event loop(s)",
                    config.host(), g.port(), admin == null ? "off" : Integer.toString(g.adminPort()),
                    config.routes().size(), config.privacy() ? "on" : "off", epoll ? "native (epoll)" : "NIO", n);
            return g;
        } catch (IOException | RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            adminLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            log.close();
            throw e;
        }
    }

    private static Channel await(ChannelFuture f, String what) throws IOException {
        if (!f.awaitUninterruptibly(30, TimeUnit.SECONDS)) {
            throw new IOException("timed out: " + what);
        }
        if (!f.isSuccess()) {
            throw new IOException("cannot " + what + ": " + f.cause().getMessage(), f.cause());
        }
        return f.channel();
    }

    /** The client-facing port actually bound. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The admin port actually bound, or -1 when disabled. */
    public int adminPort() {
        return admin == null ? -1 : ((InetSocketAddress) admin.localAddress()).getPort();
    }

    public ExchangeLog exchangeLog() {
        return exchangeLog;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Stops accepting connections, lets exchanges in flight finish for up to 5 seconds, closes the
     * client connections (an exchange still open is recorded as the client's close), then flushes
     * and closes the exchange log.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close().awaitUninterruptibly();
        if (admin != null) {
            admin.close().awaitUninterruptibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // shutdown only: poll the loops' exchanges until they finish
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Map.Entry<EventExecutor, GatewayLoop> e : perLoop.entrySet()) {
            e.getKey().submit(() -> e.getValue().upstreams.close()).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        adminLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        exchangeLog.close();
        registry.close();
        LOG.info("gateway stopped; exchange log: {} written, {} dropped", exchangeLog.written(), exchangeLog.dropped());
    }

    /** Exchanges under way on all loops. */
    private int inFlight() {
        int sum = 0;
        for (GatewayLoop l : perLoop.values()) {
            sum += l.inFlight.get();
        }
        return sum;
    }
}
