package io.stillwatch.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.stillwatch.gateway.mock.MockUpstream;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1PoolTest extends PoolFixture {
    private static final String CHAT = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private Origin origin;

    @AfterEach
    void stopOrigin() throws Exception {
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void sequentialCalls_reuseOneKeepAliveConnection() throws Exception {
        mock = MockUpstream.start(new MockUpstream.Options("127.0.0.1", 0, 0, 24, "cred"));
        startPool(new Target("127.0.0.1", mock.port(), false, false, 5000), null, 4);
        for (int i = 0; i < 3; i++) {
            RecordingListener r = send(chat());
            assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
            assertThat(r.head.status().code()).isEqualTo(200);
            assertThat(r.body()).contains("\"object\":\"chat.completion\"").contains("\"role\":\"assistant\"");
            assertThat(r.events.get(0)).isEqualTo("head");
            assertThat(r.events).contains("content").endsWith("end");
            assertThat(r.events.indexOf("content")).isGreaterThan(0);
            // a second connection would show here: the first one stays open in the pool
            assertThat(on(pool::open)).isEqualTo(1);
        }
        assertThat(mock.requests()).isEqualTo(3);
        assertThat(mock.lastCredential()).isEqualTo("cred");
    }

    @Test
    void callsBeyondMaxConnections_waitAndAreServedInArrivalOrder() throws Exception {
        startOrigin(null, 2);
        List<RecordingListener> calls = on(() -> {
            List<RecordingListener> rs = new ArrayList<>();
            for (String name : List.of("A", "B", "C", "D", "E")) {
                RecordingListener r = new RecordingListener();
                r.call = pool.send(request("/" + name), r);
                rs.add(r);
            }
            return rs;
        });
        assertThat(on(pool::open)).isEqualTo(2);
        Request first = origin.next();
        Request second = origin.next();
        Request a = first.uri().equals("/A") ? first : second;
        Request b = first.uri().equals("/A") ? second : first;
        assertThat(List.of(a.uri(), b.uri())).containsExactly("/A", "/B");
        assertThat(a.connection()).isNotEqualTo(b.connection());

        // one connection frees at a time: the longest waiting call takes it
        a.answer("answer A", false);
        Request c = origin.next();
        assertThat(c.uri()).isEqualTo("/C");
        assertThat(c.connection()).isEqualTo(a.connection());
        b.answer("answer B", false);
        Request d = origin.next();
        assertThat(d.uri()).isEqualTo("/D");
        assertThat(d.connection()).isEqualTo(b.connection());
        c.answer("answer C", false);
        Request e = origin.next();
        assertThat(e.uri()).isEqualTo("/E");
        assertThat(e.connection()).isEqualTo(a.connection());
        d.answer("answer D", false);
        e.answer("answer E", false);

        for (int i = 0; i < calls.size(); i++) {
            RecordingListener r = calls.get(i);
            assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
            assertThat(r.body()).isEqualTo("answer " + "ABCDE".charAt(i));
        }
        assertThat(origin.connections()).isEqualTo(2);
        assertThat(on(pool::open)).isEqualTo(2);
    }

    @Test
    void resetMidResponse_closesTheConnection_andTheNextCallGetsAFreshOne() throws Exception {
        startOrigin(null, 1);
        RecordingListener abandoned = send(request("/A"));
        Request a = origin.next();
        a.head();
        a.chunk("part 1 of A. ");
        abandoned.firstContent.get(10, TimeUnit.SECONDS);
        int heard = on(() -> {
            abandoned.call.reset();
            abandoned.call.reset(); // idempotent
            abandoned.call.pause();
            abandoned.call.resume();
            return abandoned.events.size();
        });
        // the rest of A: on a reused connection it would be read as the next call's answer
        a.chunk("part 2 of A. ");
        a.end("end of A.");
        assertThat(a.channel().closeFuture().await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
        assertThat(on(pool::open)).isZero();

        RecordingListener next = send(request("/B"));
        Request b = origin.next();
        assertThat(b.uri()).isEqualTo("/B");
        assertThat(b.connection()).isNotEqualTo(a.connection());
        b.answer("answer B", false);
        assertThat(next.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(next.head.status().code()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("answer B");
        assertThat(on(pool::open)).isEqualTo(1);
        assertThat(on(() -> abandoned.events.size())).isEqualTo(heard);
        assertThat(abandoned.outcome).isNotDone();
    }

    @Test
    void resetOfAWaitingCall_neverSendsIt() throws Exception {
        startOrigin(null, 1);
        RecordingListener a = send(request("/A"));
        Request ra = origin.next();
        RecordingListener b = new RecordingListener();
        RecordingListener c = new RecordingListener();
        on(() -> {
            b.call = pool.send(request("/B"), b);
            c.call = pool.send(request("/C"), c);
            b.call.reset();
            return null;
        });
        ra.answer("answer A", false);
        // B was ahead of C on the only connection: had it been sent, it would arrive here first
        Request rc = origin.next();
        assertThat(rc.uri()).isEqualTo("/C");
        rc.answer("answer C", false);
        assertThat(a.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(c.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(c.body()).isEqualTo("answer C");
        assertThat(origin.requests()).isEqualTo(2);
        assertThat(on(() -> b.events)).isEmpty();
    }

    @Test
    void resetWhileConnecting_neverSendsIt_andTheNewConnectionServesTheNextCall() throws Exception {
        startOrigin(null, 1);
        RecordingListener dropped = new RecordingListener();
        on(() -> {
            dropped.call = pool.send(request("/X"), dropped);
            dropped.call.reset();
            return null;
        });
        RecordingListener next = send(request("/Y"));
        Request y = origin.next();
        assertThat(y.uri()).isEqualTo("/Y");
        y.answer("answer Y", false);
        assertThat(next.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(origin.requests()).isEqualTo(1);
        assertThat(origin.connections()).isEqualTo(1);
        assertThat(on(() -> dropped.events)).isEmpty();
    }

    @Test
    void close_failsTheCallInFlightWithReset_andTheWaitingOneWithConnect() throws Exception {
        startOrigin(null, 1);
        RecordingListener a = send(request("/A"));
        origin.next(); // A is on the only connection, unanswered
        RecordingListener b = send(request("/B"));
        on(() -> {
            pool.close();
            return null;
        });
        assertThat(a.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:reset");
        assertThat(b.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:connect");
        assertThat(origin.requests()).isEqualTo(1);
    }

    @Test
    void hostName_resolvedOffTheLoop_getsTheAnswer() throws Exception {
        // "localhost" goes through the pool's resolver (Netty's DNS resolver, /etc/hosts first)
        mock = MockUpstream.start(new MockUpstream.Options("127.0.0.1", 0, 0, 24, "cred"));
        startPool(new Target("localhost", mock.port(), false, false, 5000), null, 1);
        RecordingListener r = send(chat());
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.head.status().code()).isEqualTo(200);
        assertThat(mock.requests()).isEqualTo(1);
    }

    @Test
    void unknownHostName_failsWithConnect() throws Exception {
        startPool(new Target("no-such-host.invalid", 9, false, false, 5000), null, 1);
        RecordingListener r = send(request("/A"));
        assertThat(r.outcome.get(20, TimeUnit.SECONDS)).isEqualTo("failure:connect");
        assertThat(on(pool::open)).isZero();
    }

    @Test
    void closedPort_failsWithConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startPool(new Target("127.0.0.1", port, false, false, 2000), null, 1);
        RecordingListener r = send(request("/A"));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:connect");
        assertThat(r.failure).isNotNull();
        assertThat(r.events).containsExactly("failure:connect");
        assertThat(on(pool::open)).isZero();
    }

    @Test
    void serverClosingMidResponse_failsWithReset() throws Exception {
        startOrigin(null, 1);
        RecordingListener r = send(request("/A"));
        Request a = origin.next();
        a.head();
        a.chunk("half of A");
        r.firstContent.get(10, TimeUnit.SECONDS);
        a.channel().close();
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:reset");
        assertThat(r.head.status().code()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("half of A");
        assertThat(r.events).doesNotContain("end");
        // the broken connection left the pool: the next call gets a new one
        RecordingListener next = send(request("/B"));
        origin.next().answer("answer B", false);
        assertThat(next.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(on(pool::open)).isEqualTo(1);
        assertThat(origin.connections()).isEqualTo(2);
    }

    @Test
    void pause_stopsReading_untilResume() throws Exception {
        startOrigin(null, 1);
        boolean[] paused = {false};
        int[] contentWhilePaused = {0};
        long[] received = {0};
        CompletableFuture<Void> pausedAtHead = new CompletableFuture<>();
        RecordingListener r = new RecordingListener() {
            @Override
            public void onHead(HttpResponse head) {
                super.onHead(head);
                call.pause();
                paused[0] = true;
                pausedAtHead.complete(null);
            }

            @Override
            public void onContent(ByteBuf content) {
                // counted, not kept: the body is larger than any socket buffers
                if (paused[0]) {
                    contentWhilePaused[0]++;
                }
                received[0] += content.readableBytes();
                record("content");
            }
        };
        on(() -> r.call = pool.send(request("/big"), r));
        Request big = origin.next();
        // the head and the first pieces in one write: one read brings them, decoded together after the pause
        long total = 64L << 20;
        CompletableFuture<Long> blocked = big.stream("first piece. second piece. ", total);
        pausedAtHead.get(10, TimeUnit.SECONDS);
        // the client reads nothing more: the kernel buffers between fill and the origin cannot write on
        long written = blocked.get(20, TimeUnit.SECONDS);
        assertThat(written).isLessThan(total);
        assertThat(on(() -> contentWhilePaused[0])).isZero();
        assertThat(on(() -> received[0])).isLessThan(written);
        on(() -> {
            paused[0] = false;
            r.call.resume();
            return null;
        });
        assertThat(r.outcome.get(30, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(on(() -> received[0])).isEqualTo(total + "first piece. second piece. ".length());
        assertThat(on(() -> contentWhilePaused[0])).isZero();
    }

    @Test
    void pausedCompleteResponse_stillEndsOnResume_afterTheServerClosed() throws Exception {
        startOrigin(null, 1);
        boolean[] paused = {false};
        int[] contentWhilePaused = {0};
        RecordingListener r = new RecordingListener() {
            @Override
            public void onHead(HttpResponse head) {
                super.onHead(head);
                call.pause();
                paused[0] = true;
            }

            @Override
            public void onContent(ByteBuf content) {
                if (paused[0]) {
                    contentWhilePaused[0]++;
                }
                super.onContent(content);
            }
        };
        on(() -> r.call = pool.send(request("/A"), r));
        Request a = origin.next();
        a.answer("the whole of A", true);
        a.channel().close();
        // epoll reports the peer's close even while not reading: the pool sees its connection close
        // with the rest of the response decoded and held; it must still be handed over, not failed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (on(pool::open) != 0) {
            assertThat(System.nanoTime()).as("the client sees the close").isLessThan(deadline);
        }
        assertThat(on(() -> r.outcome.isDone())).isFalse();
        on(() -> {
            paused[0] = false;
            r.call.resume();
            return null;
        });
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.body()).isEqualTo("the whole of A");
        assertThat(on(() -> contentWhilePaused[0])).isZero();
    }

    @Test
    void pausedBeforeTheHead_interimResponseThenClose_failsOnResume() throws Exception {
        startOrigin(null, 1);
        RecordingListener r = new RecordingListener();
        on(() -> {
            r.call = pool.send(request("/A"), r);
            r.call.pause(); // before the connection is even open
            return null;
        });
        Request a = origin.next();
        a.channel().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        a.channel().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (on(pool::open) != 0) {
            assertThat(System.nanoTime()).as("the client sees the close").isLessThan(deadline);
        }
        on(() -> {
            r.call.resume();
            return null;
        });
        // an interim 100 (held with its own end) is no response: the call must not wait forever
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:reset");
        assertThat(r.events).filteredOn(e -> !e.equals("readComplete")).containsExactly("failure:reset");
    }

    @Test
    void connectionClose_isNotReused() throws Exception {
        startOrigin(null, 1);
        RecordingListener first = send(request("/A"));
        Request a = origin.next();
        a.answer("answer A", true); // says close but leaves closing to the client
        assertThat(first.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(first.body()).isEqualTo("answer A");
        assertThat(on(pool::open)).isZero();
        assertThat(a.channel().closeFuture().await(10, TimeUnit.SECONDS)).as("closed by the pool").isTrue();
        RecordingListener second = send(request("/B"));
        Request b = origin.next();
        assertThat(b.connection()).isNotEqualTo(a.connection());
        b.answer("answer B", false);
        assertThat(second.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(second.body()).isEqualTo("answer B");
        assertThat(on(pool::open)).isEqualTo(1);
    }

    @Test
    void tls_trustedCertificate_getsTheAnswer() throws Exception {
        startTlsOrigin("127.0.0.1");
        RecordingListener r = send(request("/A"));
        Request a = origin.next();
        a.answer("answer A over TLS", false);
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.body()).isEqualTo("answer A over TLS");
        assertThat(on(pool::open)).isEqualTo(1);
    }

    @Test
    void tls_hostNotInTheCertificate_failsWithConnect() throws Exception {
        // the certificate names only IP 127.0.0.1; "localhost" reaches the same server but fails
        // host-name verification. The request waits behind the handshake and never leaves, so the
        // call fails as "connect" (the connection was never usable), with the handshake's exception
        // as the cause.
        startTlsOrigin("localhost");
        RecordingListener r = send(request("/A"));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:connect");
        // (the handshake's reads bring an onReadComplete before it: harmless, the listener had nothing to flush)
        assertThat(r.events).filteredOn(e -> !e.equals("readComplete")).containsExactly("failure:connect");
        assertThat(causes(r.failure)).anyMatch(t -> t instanceof javax.net.ssl.SSLHandshakeException);
        assertThat(origin.requests()).isZero();
        assertThat(on(pool::open)).isZero();
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    // ---- harness ----

    private void startPool(Target target, SslContext tls, int maxConnections) {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        pool = new Http1Pool(loop, target, tls, maxConnections);
    }

    private void startOrigin(SslContext tls, int maxConnections) throws Exception {
        origin = new Origin(tls);
        startPool(new Target("127.0.0.1", origin.port(), false, false, 5000), null, maxConnections);
    }

    /**
     * A TLS origin with the test certificate (h1-test-cert.pem, for IP 127.0.0.1 only, valid 100
     * years; made with {@code openssl req -x509 -newkey rsa:2048 -nodes -keyout h1-test-key.pem
     * -out h1-test-cert.pem -days 36500 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1})
     * and a pool to {@code host} that trusts it and checks host names as {@link UpstreamClient} does.
     */
    private void startTlsOrigin(String host) throws Exception {
        File cert = resource("upstream/h1-test-cert.pem");
        File key = resource("upstream/h1-test-key.pem");
        origin = new Origin(SslContextBuilder.forServer(cert, key).build());
        SslContext client = SslContextBuilder.forClient().trustManager(cert)
                .endpointIdentificationAlgorithm("HTTPS").build();
        startPool(new Target(host, origin.port(), true, false, 5000), client, 1);
    }

    private static File resource(String name) throws URISyntaxException {
        return new File(Http1PoolTest.class.getClassLoader().getResource(name).toURI());
    }

    private FullHttpRequest chat() {
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/v1/chat/completions", Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + mock.port())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer cred");
        return req;
    }

    private FullHttpRequest request(String uri) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1").set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return req;
    }




    /** One request as the origin received it, with the connection to answer it on. */
    record Request(Channel channel, int connection, String uri) {
        /** A complete answer with a Content-Length. */
        void answer(String text, boolean close) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            if (close) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            channel.writeAndFlush(r);
        }

        /** The head of a chunked answer. */
        void head() {
            channel.writeAndFlush(chunkedHead());
        }

        void chunk(String text) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }

        void end(String text) {
            channel.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }

        /**
         * Writes a chunked answer: the head and {@code first} in one write, then {@code total} more
         * bytes as fast as the client reads them. The result completes with the bytes written so
         * far when the client stops reading (a flush leaves the channel unwritable).
         */
        CompletableFuture<Long> stream(String first, long total) {
            CompletableFuture<Long> blocked = new CompletableFuture<>();
            channel.eventLoop().execute(() -> {
                channel.write(chunkedHead());
                channel.write(new DefaultHttpContent(Unpooled.copiedBuffer(first, StandardCharsets.UTF_8)));
                channel.flush();
                Pump pump = new Pump(total, blocked);
                channel.pipeline().addLast(pump);
                pump.pump(channel);
            });
            return blocked;
        }

        private static HttpResponse chunkedHead() {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            return head;
        }
    }

    /** Writes a long body while the channel is writable, on again when it is. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private static final ByteBuf PIECE = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[64 * 1024]));
        private final long total;
        private final CompletableFuture<Long> blocked;
        private long sent;
        private boolean ended;

        Pump(long total, CompletableFuture<Long> blocked) {
            this.total = total;
            this.blocked = blocked;
        }

        void pump(Channel ch) {
            while (ch.isWritable() && sent < total) {
                int n = (int) Math.min(PIECE.readableBytes(), total - sent);
                ch.write(new DefaultHttpContent(PIECE.retainedSlice(0, n)));
                sent += n;
            }
            if (sent < total) {
                ch.flush();
                if (!ch.isWritable()) {
                    blocked.complete(sent);
                }
            } else if (!ended) {
                ended = true;
                ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump(ctx.channel());
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    /** A small HTTP/1.1 origin the test answers by hand: each request waits in a queue with its connection. */
    static final class Origin implements AutoCloseable {
        private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();
        private final Channel server;

        Origin(SslContext tls) throws InterruptedException {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            int id = connections.incrementAndGet();
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            requests.incrementAndGet();
                                            received.add(new Request(ctx.channel(), id, req.uri()));
                                        }
                                    });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
        }

        int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }

        /** The next request received (waits for it). */
        Request next() throws InterruptedException {
            Request r = received.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("a request reaches the origin").isNotNull();
            return r;
        }

        int connections() {
            return connections.get();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
    }
}
