package io.stillwatch.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keep-alive HTTP/1.1 connections to one upstream target for one event loop: one call at a time
 * per connection, at most {@code maxConnections} open (connections being opened included), calls
 * beyond that wait in arrival order. A connection whose response ended cleanly (and did not say
 * {@code Connection: close}) goes back to the pool; one abandoned mid-response is closed, since
 * the rest of its response would otherwise be read as the next call's. Confined to its loop.
 *
 * <p>Pausing turns off auto-read; what the codec still decodes from the read in progress is held
 * by the call and handed over on resume, so no content is reported while paused.
 */
final class Http1Pool implements Pool {
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final Target target;
    private final SslContext tls;
    private final int maxConnections;
    private final Bootstrap bootstrap;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private final Set<Connection> connections = new HashSet<>(); // open ones, idle or busy
    private int open;
    private boolean closed;

    Http1Pool(EventLoop loop, Target target, SslContext tls, int maxConnections) {
        this.loop = loop;
        this.target = target;
        this.tls = tls;
        this.maxConnections = maxConnections;
        this.bootstrap = new Bootstrap().group(loop).channel(Transports.socketChannel(loop))
                .resolver(Transports.RESOLVER)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, target.connectMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), target.host(), target.port()));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK),
                                new Connection());
                    }
                });
    }

    @Override
    public UpstreamCall send(FullHttpRequest request, ResponseListener listener) {
        Call call = new Call(request, listener);
        if (closed) { // reported as a task of its own: a listener never hears back inside send
            loop.execute(() -> call.fail("connect", new ClosedChannelException()));
            return call;
        }
        Connection c;
        while ((c = idle.pollLast()) != null) { // the most recently used: the least likely to have been closed
            if (c.channel.isActive()) {
                c.start(call);
                return call;
            }
        }
        if (open < maxConnections) {
            connect(call);
        } else {
            waiting.add(call);
        }
        return call;
    }

    @Override
    public int open() {
        return open;
    }

    @Override
    public void close() {
        closed = true;
        idle.clear();
        for (Connection c : List.copyOf(connections)) {
            c.channel.close();
        }
        Call w;
        while ((w = waiting.poll()) != null) {
            w.fail("connect", new ClosedChannelException());
        }
    }

    private void connect(Call first) {
        open++;
        ChannelFuture f = bootstrap.connect(target.host(), target.port());
        f.addListener(done -> {
            if (!f.isSuccess()) {
                open--;
                first.fail("connect", f.cause());
                // the calls waiting behind it would meet the same refusal one by one; each still gets its own try
                serveWaiting();
                return;
            }
            Connection c = f.channel().pipeline().get(Connection.class);
            connections.add(c);
            f.channel().closeFuture().addListener(x -> {
                open--;
                connections.remove(c);
                idle.remove(c);
                serveWaiting();
            });
            if (first.state == Call.State.ABANDONED) {
                release(c);
            } else {
                c.start(first);
            }
        });
    }

    /** A connection is free again: the next waiting call gets it, or it waits in the pool. */
    private void release(Connection c) {
        if (closed || !c.channel.isActive()) {
            c.channel.close();
            return;
        }
        Call next = waiting.poll();
        if (next != null) {
            c.start(next);
        } else {
            idle.add(c);
        }
    }

    private void serveWaiting() {
        if (!closed && !waiting.isEmpty() && open < maxConnections) {
            connect(waiting.poll());
        }
    }

    /** One call: waiting, then on a connection, then ended, failed or abandoned. */
    private final class Call implements UpstreamCall {
        enum State { WAITING, ACTIVE, ENDED, ABANDONED }

        private FullHttpRequest request;
        private final ResponseListener listener;
        private State state = State.WAITING;
        private Connection connection;
        private boolean paused;
        private ArrayDeque<HttpObject> held; // decoded by Netty after pause(), kept for resume()

        Call(FullHttpRequest request, ResponseListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public void pause() {
            paused = true;
            if (connection != null) {
                connection.channel.config().setAutoRead(false);
            }
        }

        @Override
        public void resume() {
            paused = false;
            Connection c = connection;
            if (c == null) {
                return;
            }
            if (held != null && !held.isEmpty()) {
                HttpObject msg;
                while (!paused && state == State.ACTIVE && (msg = held.poll()) != null) {
                    c.relay(this, msg);
                }
                if (state == State.ACTIVE) {
                    listener.onReadComplete();
                }
            }
            if (!paused && state == State.ACTIVE) {
                if (c.call != this) { // the connection closed while paused, and what was held did not end the response
                    connection = null;
                    fail("reset", c.failure != null ? c.failure : new ClosedChannelException());
                } else {
                    c.channel.config().setAutoRead(true);
                }
            }
        }

        @Override
        public void reset() {
            switch (state) {
                case WAITING -> {
                    state = State.ABANDONED;
                    waiting.remove(this);
                    dropRequest();
                }
                case ACTIVE -> {
                    state = State.ABANDONED;
                    dropHeld();
                    Connection c = connection;
                    c.call = null;
                    c.channel.close(); // mid-response: the rest of it must not reach the next call
                }
                default -> { }
            }
        }

        void fail(String kind, Throwable cause) {
            if (state == State.ENDED || state == State.ABANDONED) {
                return;
            }
            state = State.ENDED;
            dropRequest();
            dropHeld();
            listener.onFailure(kind, cause);
        }

        private void dropRequest() {
            if (request != null) {
                ReferenceCountUtil.release(request);
                request = null;
            }
        }

        private void dropHeld() {
            if (held != null) {
                held.forEach(ReferenceCountUtil::release);
                held = null;
            }
        }
    }

    /** The handler at the end of one connection's pipeline: relays its current call's response. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private Channel channel;
        private Call call;
        private boolean keepAlive;
        private boolean headSeen;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        void start(Call c) {
            call = c;
            c.state = Call.State.ACTIVE;
            c.connection = this;
            headSeen = false;
            channel.config().setAutoRead(!c.paused);
            FullHttpRequest r = c.request;
            c.request = null;
            channel.writeAndFlush(r).addListener(w -> {
                if (!w.isSuccess() && call == c) {
                    channel.close(); // channelInactive reports the failure
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Call c = call;
            if (c == null || !(msg instanceof HttpObject obj)) {
                ReferenceCountUtil.release(msg); // nothing asked for this (an abandoned call's remains are cut off by the close)
            } else if (c.paused || c.held != null && !c.held.isEmpty()) {
                if (c.held == null) {
                    c.held = new ArrayDeque<>(4);
                }
                c.held.add(obj);
            } else {
                relay(c, obj);
            }
        }

        /** Reports one part of the response to its call, which has this connection until the end. */
        void relay(Call c, HttpObject msg) {
            try {
                if (msg instanceof HttpResponse head) {
                    if (head.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                        return;
                    }
                    headSeen = true;
                    keepAlive = HttpUtil.isKeepAlive(head);
                    c.listener.onHead(head);
                }
                if (msg instanceof HttpContent content && headSeen && c.state == Call.State.ACTIVE) {
                    if (content.content().isReadable()) {
                        c.listener.onContent(content.content());
                    }
                    if (msg instanceof LastHttpContent && c.state == Call.State.ACTIVE) {
                        if (call == c) {
                            call = null;
                        }
                        c.state = Call.State.ENDED;
                        c.connection = null;
                        if (keepAlive) {
                            channel.config().setAutoRead(true);
                            release(this);
                        } else {
                            channel.close();
                        }
                        c.listener.onEnd();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (call != null) {
                call.listener.onReadComplete();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Call c = call;
            call = null;
            // a held complete response still ends on resume; anything else stopped short
            if (c != null && !(c.held != null && c.held.peekLast() instanceof LastHttpContent)) {
                c.connection = null;
                // a TLS handshake that failed means the request never left: the connection was never usable
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                boolean secured = ssl == null || ssl.handshakeFuture().isSuccess();
                c.fail(secured ? "reset" : "connect", failure != null ? failure : new ClosedChannelException());
            }
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
