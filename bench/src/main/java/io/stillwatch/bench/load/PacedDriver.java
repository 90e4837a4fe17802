package io.stillwatch.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate with each request issued at its own intended time, for the
 * latency phase of bench/load/run.sh; loopback only.
 *
 * <p>Why not {@link LoadDriver}'s {@code rate}: that one issues what is due on a 1 ms periodic timer,
 * so at 12,000 req/s twelve requests leave together and every target serves bursts; the last of a
 * burst waits for the eleven before it, which on a one-CPU proxy is most of what the proxy adds to
 * p99. A pacer thread handing each request to the client's event loop fell behind for seconds on a
 * one-CPU driver. Here one Netty event loop does everything: a timer task per intended start
 * (Netty's epoll loop waits with nanosecond timeouts), pre-encoded request bytes written raw,
 * responses read by Netty's HTTP decoder. As in wrk2 (Gil Tene), latency counts from the intended
 * start, so a request waiting for a free connection is charged its wait (no coordinated omission).
 *
 * <p>Usage: {@code PacedDriver --url URL --rate R --duration S [--warmup S] [--connections C]
 * [--body FILE] [-H name:value]...}; prints one line in {@code LoadDriver rate}'s format.
 */
public final class PacedDriver {
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ByteBuf request;
    private final long rate;
    private final long total;
    private final long warmupCount;
    private final Histogram latency = new Histogram(3_600_000_000L, 3);
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>(); // {index, intended start}
    private final CountDownLatch finished = new CountDownLatch(1);
    private long start;
    private long issued;
    private long done;
    private long errors;

    private PacedDriver(EventLoop loop, Bootstrap bootstrap, ByteBuf request, long rate, long total, long warmupCount) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.request = request;
        this.rate = rate;
        this.total = total;
        this.warmupCount = warmupCount;
    }

    public static void main(String[] args) throws Exception {
        DriverArgs a = DriverArgs.parse(args, 0);
        Result r;
        try {
            byte[] body = a.has("body") ? Files.readAllBytes(Path.of(a.require("body"))) : new byte[0];
            r = run(URI.create(a.require("url")), a.intOpt("rate", 1000), a.intOpt("duration", 20), a.intOpt("warmup", 5),
                    a.intOpt("connections", 64), body, a.headers());
        } catch (Exception e) { // a missing option or file, a refused connection: one line, not a trace
            System.err.println("PacedDriver: " + (e.getCause() != null ? e.getCause() : e));
            System.exit(2);
            return;
        }
        Histogram h = r.latency();
        System.out.printf("rate target=%d/s achieved=%.0f/s measured=%d errors=%d complete=%s p50_us=%d p90_us=%d "
                        + "p99_us=%d p999_us=%d max_us=%d%n", a.intOpt("rate", 1000), r.achieved(), h.getTotalCount(),
                r.errors(), r.complete(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
        System.exit(r.complete() ? 0 : 1);
    }

    /**
     * What a run measured: latency in µs from intended start of the requests after the warm-up that
     * succeeded (200), failures of any request, achieved rate over the whole run.
     */
    record Result(Histogram latency, long errors, boolean complete, double achieved) {
    }

    /** Runs {@code rate} requests a second for {@code warmup + seconds} seconds; the first {@code warmup} seconds are not measured. */
    static Result run(URI url, int rate, int seconds, int warmup, int connections, byte[] body, List<String[]> headers)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("--url: " + url + " (expected a loopback http:// URL)");
        }
        StringBuilder head = new StringBuilder()
                .append(body.length > 0 ? "POST " : "GET ").append(url.getRawPath()).append(" HTTP/1.1\r\n")
                .append("host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                .append("content-type: application/json\r\ncontent-length: ").append(body.length).append("\r\n");
        headers.forEach(h -> head.append(h[0]).append(": ").append(h[1]).append("\r\n"));
        head.append("\r\n");
        ByteBuf bytes = Unpooled.directBuffer()
                .writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1)).writeBytes(body);
        ByteBuf request = Unpooled.unreleasableBuffer(bytes); // each send writes a duplicate of it

        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .remoteAddress(url.getHost(), url.getPort());
            PacedDriver d = new PacedDriver(group.next(), bootstrap, request, rate,
                    (long) rate * (warmup + seconds), (long) rate * warmup);
            d.connect(connections);
            d.loop.execute(d::begin);
            boolean complete = d.finished.await(warmup + seconds + 60L, TimeUnit.SECONDS);
            // read on the loop: the histogram and counters are the loop's
            return d.loop.submit(() -> new Result(d.latency.copy(), d.errors + (complete ? 0 : d.total - d.done),
                    complete, d.done / ((System.nanoTime() - d.start) / 1e9))).get();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            bytes.release();
        }
    }

    /** Opens the connections before the clock starts, so connecting is not measured. */
    private void connect(int connections) throws InterruptedException {
        for (int i = 0; i < connections; i++) {
            Conn conn = new Conn();
            bootstrap.clone().handler(conn.initializer()).connect().sync();
            loop.execute(() -> idle.add(conn));
        }
    }

    private void begin() {
        start = System.nanoTime();
        tick();
    }

    /** Issues every request whose intended start has come, then sleeps until the next one's. */
    private void tick() {
        long now = System.nanoTime();
        long due = Math.min(total, (now - start) * rate / 1_000_000_000L + 1);
        while (issued < due) {
            long intended = start + issued * 1_000_000_000L / rate;
            dispatch(issued++, intended);
        }
        if (issued < total) {
            long next = start + issued * 1_000_000_000L / rate;
            loop.schedule(this::tick, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void dispatch(long index, long intended) {
        Conn conn = idle.poll();
        if (conn == null) {
            waiting.add(new long[] {index, intended});
        } else {
            conn.send(index, intended);
        }
    }

    private void completed(Conn conn, long index, long intended, boolean ok) {
        long now = System.nanoTime();
        if (!ok) {
            errors++;
        } else if (index >= warmupCount) {
            latency.recordValue(Math.max(1, (now - intended) / 1000));
        }
        if (++done == total) {
            finished.countDown();
        }
        if (conn.lastOnConnection) {
            conn.channel.close(); // its replacement takes over (channelInactive)
        } else if (conn.channel.isActive()) {
            long[] next = waiting.poll();
            if (next != null) {
                conn.send(next[0], next[1]);
            } else {
                idle.add(conn);
            }
        }
    }

    /** One keep-alive connection: one request at a time, its outcome reported when the response ends. */
    private final class Conn extends ChannelInboundHandlerAdapter {
        private Channel channel;
        private long index = -1;
        private long intended;
        private boolean ok;
        private boolean lastOnConnection; // the server said it closes after this answer (nginx: keepalive_requests)

        ChannelInitializer<SocketChannel> initializer() {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    channel = ch;
                    ch.pipeline().addLast(new HttpResponseDecoder(), Conn.this);
                }
            };
        }

        void send(long index, long intended) {
            this.index = index;
            this.intended = intended;
            this.ok = false;
            channel.writeAndFlush(request.duplicate(), channel.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse r) {
                    ok = r.status().code() == 200 && r.decoderResult().isSuccess();
                    lastOnConnection = !HttpUtil.isKeepAlive(r);
                }
                if (msg instanceof LastHttpContent && index >= 0) {
                    long i = index;
                    index = -1;
                    completed(this, i, intended, ok);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            idle.remove(this);
            if (index >= 0) {
                long i = index;
                index = -1;
                completed(this, i, intended, false);
            }
            if (done >= total) {
                return; // the run is over (the connections close as the loop shuts down)
            }
            // keep the pool's size: a replacement takes over the waiting requests
            Conn replacement = new Conn();
            bootstrap.clone().handler(replacement.initializer()).connect().addListener(f -> {
                if (f.isSuccess()) {
                    long[] next = waiting.poll();
                    if (next != null) {
                        replacement.send(next[0], next[1]);
                    } else {
                        idle.add(replacement);
                    }
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
