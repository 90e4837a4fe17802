package io.stillwatch.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import io.stillwatch.gateway.mock.MockUpstream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class Http2PoolTest extends PoolFixture {
    private static final String CHAT = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"mock-gpt\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";


    @Test
    void plainPost_epoll_gets200AndJson() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 250, 128);
        assertThat(Transports.socketChannel(loop)).isEqualTo(EpollSocketChannel.class);
        RecordingListener r = send(request(CHAT, null));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.head.status().code()).isEqualTo(200);
        assertThat(r.head.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(r.head.headers().names()).noneMatch(n -> n.startsWith("x-http2-"));
        assertThat(r.body()).contains("\"object\":\"chat.completion\"").contains("\"role\":\"assistant\"");
        assertThat(mock.lastCredential()).isEqualTo("cred");
        assertThat(r.events).endsWith("end");
    }

    @Test
    void plainPost_nio_gets200AndJson() throws Exception {
        start(NioIoHandler.newFactory(), 0, 250, 128);
        assertThat(Transports.socketChannel(loop)).isEqualTo(NioSocketChannel.class);
        RecordingListener r = send(request(CHAT, null));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.head.status().code()).isEqualTo(200);
        assertThat(r.body()).contains("\"object\":\"chat.completion\"");
    }

    @Test
    void errorStatus_isAResponseNotAFailure() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 250, 128);
        RecordingListener r = send(request(CHAT, "status=500"));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.head.status().code()).isEqualTo(500);
        assertThat(r.body()).contains("injected fault");
    }

    @Test
    void streamedCall_getsSseEventsThenEnd() throws Exception {
        start(EpollIoHandler.newFactory(), 200, 250, 128); // an event every 5 ms: each its own read
        RecordingListener r = send(request(STREAM, null));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(r.head.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/event-stream");
        assertThat(r.body()).startsWith("data: {").endsWith("data: [DONE]\n\n");
        assertThat(r.body().split("\n\n")).hasSizeGreaterThan(24);
        // each read's content is followed by onReadComplete (the last one by onEnd instead)
        assertThat(r.events.stream().filter("content"::equals).count()).isGreaterThan(5);
        assertThat(r.events.subList(0, r.events.size() - 2)).containsSequence("content", "readComplete");
        assertThat(r.events.get(r.events.size() - 2)).isIn("content", "readComplete");
        assertThat(r.events).endsWith("end");
    }

    @Test
    void manyConcurrentCalls_allComplete_onAsManyConnectionsAsTheStreamLimitNeeds() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 250, 128);
        List<RecordingListener> calls = on(() -> {
            List<RecordingListener> rs = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                RecordingListener r = new RecordingListener();
                r.call = pool.send(request(STREAM, null), r);
                rs.add(r);
            }
            return rs;
        });
        for (RecordingListener r : calls) {
            assertThat(r.outcome.get(60, TimeUnit.SECONDS)).isEqualTo("end");
            assertThat(r.body()).endsWith("data: [DONE]\n\n");
        }
        // 250 + 250 + 100 streams: three connections, none with more than its 250
        assertThat(on(pool::open)).isEqualTo(3);
        assertThat(mock.requests()).isEqualTo(600);
    }

    @Test
    void callsBeyondAllConnections_waitInOrderForAFreeStream() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 1, 2); // one stream per connection, two connections
        List<String> log = new ArrayList<>(); // touched on the loop only
        CompletableFuture<Void> aStarted = new CompletableFuture<>();
        CompletableFuture<Void> bStarted = new CompletableFuture<>();
        RecordingListener a = logging("A", log, aStarted);
        RecordingListener b = logging("B", log, bStarted);
        RecordingListener c = logging("C", log, null);
        RecordingListener d = logging("D", log, null);
        on(() -> {
            a.call = pool.send(request(STREAM, "stall-after=1"), a);
            b.call = pool.send(request(STREAM, "stall-after=1"), b);
            return null;
        });
        aStarted.get(10, TimeUnit.SECONDS);
        bStarted.get(10, TimeUnit.SECONDS);
        on(() -> {
            c.call = pool.send(request(CHAT, null), c);
            d.call = pool.send(request(CHAT, null), d);
            // C and D must wait: give a pool that does not a moment to answer them, then free A's stream
            loop.schedule(() -> {
                log.add("A:reset");
                a.call.reset();
            }, 200, TimeUnit.MILLISECONDS);
            return null;
        });
        assertThat(c.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(d.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(on(pool::open)).isEqualTo(2);
        List<String> order = on(() -> List.copyOf(log));
        // B still holds the other connection: C runs on A's, and D only after C ended
        assertThat(order.indexOf("A:reset")).isLessThan(order.indexOf("C:head"));
        assertThat(order.indexOf("C:end")).isLessThan(order.indexOf("D:head"));
        assertThat(order).doesNotContain("A:end", "B:end");
    }

    private static RecordingListener logging(String name, List<String> log, CompletableFuture<Void> started) {
        return new RecordingListener() {
            @Override
            public void onHead(HttpResponse head) {
                super.onHead(head);
                log.add(name + ":head");
            }

            @Override
            public void onContent(ByteBuf content) {
                super.onContent(content);
                if (started != null) {
                    started.complete(null);
                }
            }

            @Override
            public void onEnd() {
                log.add(name + ":end");
                super.onEnd();
            }
        };
    }

    @Test
    void upstreamStreamLimit_spreadsCallsOverMoreConnections() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        // answers only once six requests are open at the same time, and allows two per connection
        try (TogetherServer server = new TogetherServer(2, 6, null)) {
            pool = new Http2Pool(loop, new Target("127.0.0.1", server.port, false, true, 5000), null, 250, 65535, 128);
            List<RecordingListener> calls = on(() -> {
                List<RecordingListener> rs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    RecordingListener r = new RecordingListener();
                    r.call = pool.send(request(CHAT, null), r);
                    rs.add(r);
                }
                return rs;
            });
            for (RecordingListener r : calls) {
                assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
                assertThat(r.body()).isEqualTo("together");
            }
            assertThat(on(pool::open)).isEqualTo(3);
        }
    }

    @Test
    void tls_agreesOnH2ByAlpn_andVerifiesTheHost() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        try (TogetherServer server = new TogetherServer(100, 1, serverTls(ApplicationProtocolNames.HTTP_2))) {
            pool = new Http2Pool(loop, new Target("127.0.0.1", server.port, true, true, 5000), clientTls(), 250, 65535, 128);
            RecordingListener r = send(request(CHAT, null));
            assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
            assertThat(r.head.status().code()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("together");
        }
    }

    @Test
    void tls_upstreamWithoutH2_failsWithConnect() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        try (TogetherServer server = new TogetherServer(100, 1, serverTls(ApplicationProtocolNames.HTTP_1_1))) {
            pool = new Http2Pool(loop, new Target("127.0.0.1", server.port, true, true, 5000), clientTls(), 250, 65535, 128);
            RecordingListener r = send(request(CHAT, null));
            assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:connect");
            assertThat(on(pool::open)).isZero();
        }
    }

    private static SslContext serverTls(String protocol) throws Exception {
        try (InputStream cert = resource("h2-test-cert.pem"); InputStream key = resource("h2-test-key.pem")) {
            return SslContextBuilder.forServer(cert, key).applicationProtocolConfig(alpn(protocol)).build();
        }
    }

    /** As UpstreamClient builds it, trusting the test certificate instead of the JDK's authorities. */
    private static SslContext clientTls() throws Exception {
        try (InputStream cert = resource("h2-test-cert.pem")) {
            return SslContextBuilder.forClient().trustManager(cert).endpointIdentificationAlgorithm("HTTPS")
                    .applicationProtocolConfig(alpn(ApplicationProtocolNames.HTTP_2)).build();
        }
    }

    private static ApplicationProtocolConfig alpn(String protocol) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocol);
    }

    private static InputStream resource(String name) {
        return Http2PoolTest.class.getResourceAsStream("/upstream/" + name);
    }

    @Test
    void disconnectMidStream_failsWithReset() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 250, 128);
        RecordingListener r = send(request(STREAM, "disconnect-after=4"));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:reset");
        assertThat(r.head.status().code()).isEqualTo(200);
        assertThat(r.body()).startsWith("data: {");
        assertThat(r.events).doesNotContain("end");
        // the broken connection left the pool, and the next call gets a new one
        RecordingListener next = send(request(CHAT, null));
        assertThat(next.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(on(pool::open)).isEqualTo(1);
    }

    @Test
    void resetOfStalledStream_reportsNothingMore_andTheConnectionServesTheNextCall() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 1, 1); // the next call needs the stream the reset frees
        CompletableFuture<Void> threeEvents = new CompletableFuture<>();
        RecordingListener stalled = new RecordingListener() {
            @Override
            public void onContent(ByteBuf content) {
                super.onContent(content);
                if (body().split("\n\n").length >= 3) {
                    threeEvents.complete(null);
                }
            }
        };
        on(() -> stalled.call = pool.send(request(STREAM, "stall-after=3"), stalled));
        threeEvents.get(10, TimeUnit.SECONDS);
        int eventsAtReset = on(() -> {
            stalled.call.reset();
            stalled.call.reset(); // idempotent
            stalled.call.pause();
            stalled.call.resume();
            return stalled.events.size();
        });
        RecordingListener next = send(request(STREAM, null));
        assertThat(next.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(on(pool::open)).isEqualTo(1);
        assertThat(on(() -> stalled.events.size())).isEqualTo(eventsAtReset);
        assertThat(stalled.outcome).isNotDone();
    }

    @Test
    void pausedStream_doesNotStarveTheOtherStreamsOfItsConnection() throws Exception {
        // a long answer (~1 MB of events): the paused stream fills its whole window and waits there
        start(EpollIoHandler.newFactory(), 0, 24_000, 250, 128);
        CompletableFuture<Void> pausedAtHead = new CompletableFuture<>();
        RecordingListener slow = new RecordingListener() {
            @Override
            public void onHead(HttpResponse head) {
                super.onHead(head);
                call.pause();
                pausedAtHead.complete(null);
            }
        };
        on(() -> slow.call = pool.send(request(STREAM, null), slow));
        pausedAtHead.get(10, TimeUnit.SECONDS);
        // same connection: with a connection window of one stream window, the paused stream's unread
        // bytes would use it all and this answer could never arrive
        RecordingListener other = send(request(CHAT, null));
        assertThat(other.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(on(pool::open)).isEqualTo(1);
        assertThat(on(() -> slow.events)).containsExactly("head", "readComplete");
        on(() -> {
            slow.call.reset();
            return null;
        });
    }

    @Test
    void resetBeforeConnecting_neverSendsTheCall() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 250, 128);
        RecordingListener dropped = new RecordingListener();
        on(() -> {
            dropped.call = pool.send(request(CHAT, null), dropped);
            dropped.call.reset();
            return null;
        });
        RecordingListener next = send(request(CHAT, null));
        assertThat(next.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(mock.requests()).isEqualTo(1);
        assertThat(on(() -> dropped.events)).isEmpty();
    }

    @Test
    void pause_holdsContentBack_untilResume() throws Exception {
        start(EpollIoHandler.newFactory(), 100, 250, 128); // an event every 10 ms
        AtomicReference<String> violation = new AtomicReference<>();
        int[] whilePaused = {0};
        int[] duringResume = {0};
        boolean[] paused = {false};
        boolean[] resuming = {false};
        RecordingListener r = new RecordingListener() {
            @Override
            public void onContent(ByteBuf content) {
                super.onContent(content);
                if (paused[0]) {
                    whilePaused[0]++;
                    violation.set("content while paused");
                }
                if (resuming[0]) {
                    duringResume[0]++;
                }
                if (call != null && !paused[0] && duringResume[0] == 0) {
                    paused[0] = true;
                    call.pause();
                    // long enough for the paced mock to send many more events meanwhile
                    loop.schedule(() -> {
                        paused[0] = false;
                        resuming[0] = true;
                        call.resume();
                        resuming[0] = false;
                    }, 300, TimeUnit.MILLISECONDS);
                }
            }
        };
        on(() -> r.call = pool.send(request(STREAM, null), r));
        assertThat(r.outcome.get(20, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(violation.get()).isNull();
        assertThat(whilePaused[0]).isZero();
        // what arrived during the pause was held and handed over at once on resume
        assertThat(duringResume[0]).isGreaterThan(1);
        assertThat(r.body()).startsWith("data: {").endsWith("data: [DONE]\n\n");
        assertThat(r.body().split("\n\n")).hasSizeGreaterThan(24);
    }

    @Test
    void pause_stopsTheUpstreamAtOneStreamWindow() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 3_000, 250, 128); // ~450 kB of events, sent as fast as allowed
        long[] bytesInResume = {-1};
        RecordingListener r = new RecordingListener() {
            long total;

            @Override
            public void onHead(HttpResponse head) {
                super.onHead(head);
                call.pause();
                // meanwhile the upstream sends what the stream window lets it: 65,535 bytes, no more
                loop.schedule(() -> {
                    long before = total;
                    call.resume(); // hands over synchronously what was received while paused
                    bytesInResume[0] = total - before;
                }, 300, TimeUnit.MILLISECONDS);
            }

            @Override
            public void onContent(ByteBuf content) {
                total += content.readableBytes();
                super.onContent(content);
            }
        };
        on(() -> r.call = pool.send(request(STREAM, null), r));
        assertThat(r.outcome.get(20, TimeUnit.SECONDS)).isEqualTo("end");
        assertThat(bytesInResume[0]).isPositive().isLessThanOrEqualTo(65_535);
        assertThat(r.body().length()).isGreaterThan(200_000);
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void closedPort_failsWithConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        pool = new Http2Pool(loop, new Target("127.0.0.1", port, false, true, 2000), null, 250, 65535, 128);
        RecordingListener r = send(request(CHAT, null));
        assertThat(r.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:connect");
        assertThat(r.failure).isNotNull();
        assertThat(r.events).containsExactly("failure:connect");
        assertThat(on(pool::open)).isZero();
    }

    @Test
    void closedPool_failsCallsInFlight() throws Exception {
        start(EpollIoHandler.newFactory(), 0, 250, 128);
        RecordingListener stalled = send(request(STREAM, "stall-after=1"));
        stalled.firstContent.get(10, TimeUnit.SECONDS);
        on(() -> {
            pool.close();
            return null;
        });
        assertThat(stalled.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:reset");
        RecordingListener late = send(request(CHAT, null));
        assertThat(late.outcome.get(10, TimeUnit.SECONDS)).isEqualTo("failure:connect");
        pool = null;
    }

    // ---- harness ----

    /**
     * An h2c server that allows {@code streamsPerConnection} concurrent streams and answers no request
     * until {@code together} are open at once: a client that sent more streams on a connection than
     * allowed (or waited for one answer before sending more) never hears back.
     */
    private static final class TogetherServer implements AutoCloseable {
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final List<Channel> open = new ArrayList<>(); // on the server's loop only
        final int port;

        TogetherServer(int streamsPerConnection, int together, SslContext tls) throws InterruptedException {
            ChannelHandler stream = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    boolean end = msg instanceof Http2HeadersFrame h ? h.isEndStream()
                            : msg instanceof Http2DataFrame d && d.isEndStream();
                    ReferenceCountUtil.release(msg);
                    if (end) {
                        open.add(ctx.channel());
                    }
                    if (open.size() == together) {
                        for (Channel c : open) {
                            c.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
                            c.writeAndFlush(new DefaultHttp2DataFrame(
                                    Unpooled.copiedBuffer("together", StandardCharsets.UTF_8), true));
                        }
                        open.clear();
                    }
                }

                @Override
                public boolean isSharable() {
                    return true;
                }
            };
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(
                                    Http2Settings.defaultSettings().maxConcurrentStreams(streamsPerConnection)).build(),
                                    new Http2MultiplexHandler(stream));
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            port = ((InetSocketAddress) server.localAddress()).getPort();
        }

        @Override
        public void close() throws Exception {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
    }

    private void start(IoHandlerFactory io, double tokensPerSecond, int streams, int connections) throws Exception {
        start(io, tokensPerSecond, 24, streams, connections);
    }

    private void start(IoHandlerFactory io, double tokensPerSecond, int tokens, int streams, int connections)
            throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, io);
        loop = group.next();
        mock = MockUpstream.start(new MockUpstream.Options("127.0.0.1", 0, tokensPerSecond, tokens, "cred"));
        pool = new Http2Pool(loop, new Target("127.0.0.1", mock.port(), false, true, 5000), null,
                streams, 65535, connections);
    }

    private FullHttpRequest request(String json, String fault) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/v1/chat/completions", Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + (mock == null ? 1 : mock.port()))
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer cred");
        if (fault != null) {
            req.headers().set("x-mock-fault", fault);
        }
        return req;
    }



}
