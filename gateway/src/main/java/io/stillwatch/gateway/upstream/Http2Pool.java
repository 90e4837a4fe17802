package io.stillwatch.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Multiplexed HTTP/2 connections to one upstream target for one event loop (h2c with prior
 * knowledge, or TLS with ALPN "h2"): each call is a stream on the first connection with a free
 * slot, at most {@code maxStreamsPerConnection} per connection (fewer if the upstream's
 * SETTINGS_MAX_CONCURRENT_STREAMS says so); when all are full another connection is opened, up to
 * {@code maxConnections} (connections being opened included: calls wait for them); beyond that
 * calls wait in arrival order for a free stream. A connection is open once the upstream's first
 * SETTINGS are in (so its stream limit is known before calls are spread), within the target's
 * connect time. A connection that received GOAWAY takes no new
 * streams and closes once its last stream is done; a connection that closes fails the calls it
 * had not finished. Confined to its loop.
 *
 * <p>Each stream has the window {@code streamWindow}; the connection window is that times the
 * streams, so a stream paused by a slow client holds only its own window and never starves the
 * others on its connection.
 */
final class Http2Pool implements Pool {
    /** Client stream ids are odd and below 2^31: one connection opens at most 2^30 streams in its life. */
    private static final long STREAM_IDS = 1L << 30;
    /** Response headers we accept, as the HTTP/1.1 pool does. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ChannelHandler CODEC = new Http2StreamFrameToHttpObjectCodec(false);

    private final EventLoop loop;
    private final Target target;
    private final SslContext tls;
    private final int maxStreams;
    private final int maxConnections;
    private final Bootstrap bootstrap;
    private final Http2Settings settings;
    private final int connectionWindowIncrement;
    private final List<Connection> connections = new ArrayList<>(); // opening, open and draining
    private final ArrayDeque<Http2Call> waiting = new ArrayDeque<>();
    private boolean dispatchScheduled;
    private boolean closed;

    Http2Pool(EventLoop loop, Target target, SslContext tls, int maxStreamsPerConnection, int streamWindow,
            int maxConnections) {
        if (maxStreamsPerConnection < 1 || maxConnections < 1 || streamWindow < 1) {
            throw new IllegalArgumentException("streams " + maxStreamsPerConnection + ", window " + streamWindow
                    + ", connections " + maxConnections + " (expected: > 0)");
        }
        this.loop = loop;
        this.target = target;
        this.tls = tls;
        this.maxStreams = maxStreamsPerConnection;
        this.maxConnections = maxConnections;
        this.settings = Http2Settings.defaultSettings().initialWindowSize(streamWindow).pushEnabled(false)
                .maxHeaderListSize(MAX_HEADER_BYTES);
        long window = Math.min(Http2CodecUtil.MAX_INITIAL_WINDOW_SIZE, (long) maxStreamsPerConnection * streamWindow);
        // every connection window starts at 65,535 whatever SETTINGS say (RFC 9113, 6.9.2)
        this.connectionWindowIncrement = (int) Math.max(0, window - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
        this.bootstrap = new Bootstrap().group(loop).channel(Transports.socketChannel(loop))
                .resolver(Transports.RESOLVER)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, target.connectMillis()))
                .remoteAddress(target.host(), target.port());
    }

    /** On a stream of its own; throws off the pool's loop. */
    @Override
    public UpstreamCall send(FullHttpRequest request, ResponseListener listener) {
        if (!loop.inEventLoop()) {
            ReferenceCountUtil.release(request);
            throw new IllegalStateException("Http2Pool.send off its event loop");
        }
        Http2Call call = new Http2Call(request, listener);
        if (closed) {
            loop.execute(() -> call.fail("connect", new ClosedChannelException()));
            return call;
        }
        waiting.add(call);
        scheduleDispatch();
        return call;
    }

    @Override
    public int open() {
        return connections.size();
    }

    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(this::close);
            } catch (RejectedExecutionException e) {
                // the loop is shut down, and its connections with it
            }
            return;
        }
        closed = true;
        Http2Call w;
        while ((w = waiting.poll()) != null) {
            w.fail("connect", new ClosedChannelException());
        }
        for (Connection c : List.copyOf(connections)) {
            c.close();
        }
    }

    /** Dispatching runs as a task of its own, so no listener hears back inside a caller's send or reset. */
    private void scheduleDispatch() {
        if (!dispatchScheduled) {
            dispatchScheduled = true;
            loop.execute(this::dispatch);
        }
    }

    private void dispatch() {
        dispatchScheduled = false;
        Http2Call next;
        while (closed && (next = waiting.poll()) != null) {
            next.fail("connect", new ClosedChannelException()); // handed back by a connection as the pool closed
        }
        while ((next = waiting.peek()) != null) {
            if (next.isOver()) {
                waiting.poll(); // reset while waiting: never sent
                continue;
            }
            Connection c = withRoom();
            if (c == null) {
                if (connections.size() >= maxConnections) {
                    return; // waits for a stream to end
                }
                c = connect();
            }
            waiting.poll();
            c.assign(next);
        }
    }

    private Connection withRoom() {
        for (Connection c : connections) {
            if (c.hasRoom()) {
                return c;
            }
        }
        return null;
    }

    private Connection connect() {
        Connection c = new Connection();
        connections.add(c);
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    SslHandler ssl = tls.newHandler(ch.alloc(), target.host(), target.port());
                    ssl.setHandshakeTimeoutMillis(target.connectMillis());
                    ch.pipeline().addLast(ssl);
                }
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(new Http2Settings().copyFrom(settings))
                                // streams over the upstream's limit wait in the codec instead of failing
                                .encoderEnforceMaxConcurrentStreams(true)
                                .gracefulShutdownTimeoutMillis(0).build(),
                        new Http2MultiplexHandler(REFUSE_PUSHED), c);
            }
        }).connect();
        f.addListener(done -> {
            if (!f.isSuccess()) {
                c.lost(f.cause());
            }
        });
        // opening includes TLS and the upstream's SETTINGS: an upstream that never sends them is given up on
        c.openingTimer = loop.schedule(() -> {
            if (!c.ready && !c.gone) {
                c.lost(new ConnectTimeoutException("no HTTP/2 connection to " + target.authority() + " within "
                        + target.connectMillis() + " ms"));
                f.channel().close();
            }
        }, target.connectMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** Push is off in our SETTINGS; should a stream come from the upstream anyway, it is closed. */
    private static final ChannelHandler REFUSE_PUSHED = new RefusePushed();

    @ChannelHandler.Sharable
    private static final class RefusePushed extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().close();
        }
    }

    /** One connection: its streams, and the handler at the end of its pipeline that watches it. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private Channel channel;
        private Http2StreamChannelBootstrap streams;
        private final List<Http2Call> pending = new ArrayList<>(); // assigned before the connection was ready
        private ScheduledFuture<?> openingTimer;
        private boolean tlsDone = tls == null; // handshake done and "h2" agreed
        private boolean settingsSeen; // the upstream's first SETTINGS: its stream limit is known
        private boolean ready; // both: streams may be opened
        private boolean gone;
        private boolean draining; // GOAWAY received, stream ids used up, or pool closed: no new streams
        private int active; // calls assigned and not yet done
        private long assigned; // calls ever assigned
        private long peerLimit = Long.MAX_VALUE; // the upstream's SETTINGS_MAX_CONCURRENT_STREAMS

        boolean hasRoom() {
            return !draining && active < Math.min(maxStreams, peerLimit);
        }

        void assign(Http2Call call) {
            active++;
            if (++assigned >= STREAM_IDS) {
                draining = true;
            }
            if (ready) {
                start(call);
            } else {
                pending.add(call);
            }
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // the codec before us has written the connection preface by now (the connect future's
            // listeners run before channelActive, too early for frames)
            ctx.fireChannelActive();
            if (connectionWindowIncrement > 0) {
                ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(connectionWindowIncrement));
            }
            if (tls == null) {
                return;
            }
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            ssl.handshakeFuture().addListener(h -> {
                if (!h.isSuccess()) {
                    lost(h.cause());
                } else if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                    lost(new IOException(target.authority() + " did not agree to HTTP/2 (ALPN: "
                            + ssl.applicationProtocol() + ")"));
                    ctx.close();
                } else {
                    tlsDone = true;
                    readyIfOpened();
                }
            });
        }

        /**
         * Starts the calls that waited for this connection, as many as the upstream's limit allows; the
         * rest go back to the head of the pool's queue, in order, for other connections.
         */
        private void readyIfOpened() {
            if (ready || gone || !tlsDone || !settingsSeen) {
                return;
            }
            ready = true;
            if (openingTimer != null) {
                openingTimer.cancel(false);
            }
            streams = new Http2StreamChannelBootstrap(channel);
            long room = Math.min(maxStreams, peerLimit);
            for (int i = pending.size() - 1; i >= room; i--) {
                Http2Call back = pending.remove(i);
                active--;
                assigned--;
                waiting.addFirst(back);
            }
            for (Http2Call call : pending) {
                start(call);
            }
            pending.clear();
            scheduleDispatch();
        }

        private void start(Http2Call call) {
            if (call.isOver()) {
                streamDone(); // reset while the connection was opening: never sent
                return;
            }
            streams.open().addListener(f -> {
                if (!f.isSuccess()) {
                    call.fail("connect", f.cause());
                    streamDone();
                    return;
                }
                Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
                stream.closeFuture().addListener(x -> streamDone());
                stream.pipeline().addLast(CODEC, call);
                call.opened(stream, target);
            });
        }

        private void streamDone() {
            active--;
            if (draining && active == 0) {
                channel.close();
            }
            scheduleDispatch();
        }

        /** The connection could not be opened, or closed: it leaves the pool; calls waiting for it fail. */
        void lost(Throwable cause) {
            if (gone) {
                return;
            }
            gone = true;
            draining = true;
            if (openingTimer != null) {
                openingTimer.cancel(false);
            }
            connections.remove(this);
            for (Http2Call call : pending) {
                call.fail("connect", cause);
            }
            pending.clear();
            scheduleDispatch(); // its place may go to a waiting call
        }

        void close() {
            draining = true;
            if (channel != null) {
                channel.close(); // the streams close with it and report "reset"
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame s) {
                    if (s.settings().maxConcurrentStreams() != null) {
                        peerLimit = s.settings().maxConcurrentStreams();
                    }
                    settingsSeen = true;
                    readyIfOpened();
                    scheduleDispatch();
                } else if (msg instanceof Http2GoAwayFrame) {
                    // Netty closes the streams the upstream did not take; the others may still finish
                    draining = true;
                    if (active == 0) {
                        ctx.close();
                    }
                    scheduleDispatch();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost(failure != null ? failure : new ClosedChannelException());
        }

        private Throwable failure;

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }
    }
}
