package io.stillwatch.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, at the end of its pipeline (HTTP/1.1 codec, keep-alive handling, idle
 * timeout): starts an {@link Exchange} per request and feeds it the request body, answers unknown
 * paths and undecodable requests in the caller's API format, and tells the exchange in progress
 * when the client goes away or can take more bytes. Requests a client pipelines behind one still
 * in progress are held, unread further, until its answer has gone out, so answers keep their order.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final long LINGER_SECONDS = 2;
    private final GatewayLoop loop;
    private ChannelHandlerContext ctx;
    private String peer;
    /** The exchange whose request is being read or answered, or null between requests. */
    private Exchange exchange;
    private final ArrayDeque<Object> held = new ArrayDeque<>(0);
    /** The current request lets the connection stay open after its answer (RFC 9112 §9.3). */
    private boolean keepAlive = true;
    private boolean http10;
    /** Answered and half-closed: what the client still sends is read and dropped until it closes. */
    private boolean lingering;
    /**
     * Between requests the connection waits in its loop's {@link TimeoutSweep} and is closed once
     * silent for the client idle timeout (while an exchange is under way, its own timeouts apply).
     */
    private long idleSince;
    private final TimeoutSweep.Entry idle = new TimeoutSweep.Entry() {
        @Override
        long dueNanos() {
            return idleSince + idleNanos;
        }

        @Override
        void expire() {
            ctx.close();
        }
    };
    private final long idleNanos;

    ClientConnection(GatewayLoop loop) {
        this.loop = loop;
        this.idleNanos = loop.config.clientIdleTimeout().toNanos();
    }

    /** Starts the idle clock: no request is under way. */
    void waitForRequest() {
        idleSince = System.nanoTime();
        loop.timeouts.watch(idle);
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    /** The peer's address as text (the socket's; {@link ClientIpResolver} decides what the log records). */
    String peer() {
        return peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "0.0.0.0";
        waitForRequest();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (exchange != null && exchange.requestRead() || !held.isEmpty()) {
            held.add(msg); // pipelined behind the exchange in progress
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                loop.timeouts.unwatch(idle);
                keepAlive = HttpUtil.isKeepAlive(request);
                http10 = request.protocolVersion() == HttpVersion.HTTP_1_0;
                if (request.decoderResult().isFailure()) {
                    invalid(request);
                    return;
                }
                String expect = request.headers().get(HttpHeaderNames.EXPECT);
                if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
                    FullHttpResponse r = json(417, Endpoint.flavorFor(request.uri()).errorBody(417,
                            "unsupported expectation: " + expect, null));
                    closeAfter(ctx.writeAndFlush(prepare(r, true)));
                    return;
                }
                exchange = loop.begin(this, request); // null when answered at once; its body is then discarded
                if (exchange != null) {
                    exchange.start();
                }
            }
            if (msg instanceof HttpContent content) {
                if (exchange != null && !exchange.requestRead()) {
                    if (content.decoderResult().isFailure()) {
                        exchange.onRequestBroken();
                    } else {
                        exchange.onRequestBytes(content.content());
                        if (msg instanceof LastHttpContent) {
                            exchange.onRequestEnd();
                        }
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Sets the answer's Connection header from the request's wish and {@code close}: the gateway
     * closes after an answer when the client asked it to or when the request was not fully read.
     */
    HttpResponse prepare(HttpResponse r, boolean close) {
        if (close || !keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return r;
    }

    /**
     * The answer's last bytes are written: the connection takes the next request, or closes after
     * them when {@link #prepare} said so.
     */
    void answered(ChannelFuture last, boolean close) {
        if (close || !keepAlive) {
            closeAfter(last);
        }
    }

    /**
     * Closes once {@code last} is written, the way servers avoid losing their own answer to a reset
     * (RFC 9112 §9.6, "tear-down"; nginx's lingering close): the sending side is shut first and what
     * the client still sends is read and dropped until it closes, for at most two seconds. Closing
     * with its unread bytes in the receive buffer would make the kernel send a reset, which can
     * destroy the answer before the client has read it.
     */
    private void closeAfter(ChannelFuture last) {
        lingering = true;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        last.addListener(f -> {
            Channel ch = ctx.channel();
            if (ch instanceof DuplexChannel d && ch.isActive() && f.isSuccess()) {
                ch.config().setAutoRead(true);
                d.shutdownOutput();
                ch.eventLoop().schedule(() -> {
                    ch.close();
                }, LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                ch.close();
            }
        });
    }

    /** The exchange has written its last bytes: the connection may take the next request. */
    void exchangeEnded(Exchange ended) {
        if (exchange != ended) {
            return;
        }
        exchange = null;
        if (lingering) {
            return;
        }
        waitForRequest();
        while (!held.isEmpty() && (exchange == null || !exchange.requestRead())) {
            dispatch(held.poll());
        }
        if (held.isEmpty() && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Requests the HTTP decoder rejected (head too large, malformed request line): answered, then closed. */
    private void invalid(HttpRequest request) {
        boolean tooLong = request.decoderResult().cause() instanceof TooLongFrameException;
        int status = tooLong ? 431 : 400;
        String uri = request.uri() == null || !request.uri().startsWith("/") ? "/" : request.uri();
        ApiFlavor flavor = Endpoint.flavorFor(uri);
        FullHttpResponse r = json(status, flavor.errorBody(status, tooLong ? "request header fields too large"
                : "malformed HTTP request", null));
        closeAfter(ctx.writeAndFlush(prepare(r, true)));
        loop.metrics.exchange("unknown", status, 0);
    }

    /** A complete JSON response with its length set. */
    static FullHttpResponse json(int status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.onClientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        loop.timeouts.unwatch(idle);
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            e.onClientClosed();
        }
        Object m;
        while ((m = held.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or broken client socket: channelInactive ends the exchange in progress
    }
}
