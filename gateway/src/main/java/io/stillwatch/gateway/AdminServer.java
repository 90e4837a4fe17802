package io.stillwatch.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The admin port, on a loop of its own so a scrape never delays an exchange: {@code GET /metrics}
 * (Prometheus text format) and {@code GET /healthz}.
 */
final class AdminServer extends SimpleChannelInboundHandler<HttpRequest> {
    private final PrometheusMeterRegistry registry;

    private AdminServer(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    static ChannelFuture bind(EventLoopGroup loop, Class<? extends ServerChannel> channel, String host, int port,
                              PrometheusMeterRegistry registry) {
        return new ServerBootstrap().group(loop).channel(channel)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new AdminServer(registry));
                    }
                })
                .bind(host, port);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
        String uri = req.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        FullHttpResponse r = switch (path) {
            case "/metrics" -> text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            case "/healthz" -> text(HttpResponseStatus.OK, "application/json", "{\"status\":\"ok\"}");
            default -> text(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found\n");
        };
        ctx.writeAndFlush(r);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String type, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
