package io.stillwatch.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;

/**
 * A second floor under the gateway in bench/load/run.sh, one layer down from {@link BareProxy}: a
 * reverse proxy on raw Netty (the transport under Vert.x) with native epoll, as many event loops as
 * CPUs, and per client connection one keep-alive upstream connection on the same event loop, opened
 * when the client connects. Requests and responses are relayed message by message as Netty's HTTP
 * codecs decode them (hop-by-hop headers dropped, the Host set), and each side is flushed once per
 * read, so a head and its body leave in one write. No pool, no futures, no header copies: what it
 * costs per request is about what a data path written on Netty directly would cost before doing any
 * of the gateway's own work. Evidence for how far below Vert.x a gateway could go; loopback only.
 *
 * <p>Usage: {@code BareNettyProxy --port PORT --upstream http://127.0.0.1:PORT}
 */
public final class BareNettyProxy {
    private static final CharSequence[] HOP_BY_HOP = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE};

    private BareNettyProxy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !"--port".equals(args[0]) || !"--upstream".equals(args[2])) {
            System.err.println("usage: BareNettyProxy --port PORT --upstream http://127.0.0.1:PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        URI upstream = URI.create(args[3]);
        if (!"127.0.0.1".equals(upstream.getHost()) && !"localhost".equals(upstream.getHost())) {
            throw new IllegalArgumentException("--upstream: " + upstream + " (expected a loopback http:// URL)");
        }
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Client(upstream));
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.err.println("bare Netty proxy on 127.0.0.1:" + port + " -> " + upstream + ", " + loops
                + " event loop(s), epoll");
    }

    private static void dropHopByHop(HttpMessage m) {
        HttpHeaders h = m.headers();
        for (CharSequence name : HOP_BY_HOP) {
            h.remove(name);
        }
    }

    /** The client side of one connection: opens the upstream connection, then relays requests to it. */
    private static final class Client extends ChannelInboundHandlerAdapter {
        private final URI upstream;
        private final String host;
        private Channel up;
        /** The client asked to close after this exchange (HTTP/1.0 or Connection: close). */
        private boolean closeAfter;

        Client(URI upstream) {
            this.upstream = upstream;
            this.host = upstream.getHost() + ":" + upstream.getPort();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            client.config().setAutoRead(false); // nothing to relay to until the upstream connection is open
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new Upstream(Client.this, client));
                        }
                    })
                    .connect(upstream.getHost(), upstream.getPort())
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            up = f.channel();
                            client.config().setAutoRead(true);
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r) {
                closeAfter = !HttpUtil.isKeepAlive(r);
                dropHopByHop(r);
                r.headers().set(HttpHeaderNames.HOST, host);
            }
            if (up == null || !up.isActive()) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            up.write(msg, up.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (up != null) {
                up.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (up != null) {
                up.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The upstream side: relays the responses to the client, closing it after the last one if asked. */
    private static final class Upstream extends ChannelInboundHandlerAdapter {
        private final Client owner;
        private final Channel client;

        Upstream(Client owner, Channel client) {
            this.owner = owner;
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpMessage m) {
                dropHopByHop(m);
            }
            boolean last = msg instanceof LastHttpContent;
            if (last && owner.closeAfter) {
                client.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
            } else {
                client.write(msg, client.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
