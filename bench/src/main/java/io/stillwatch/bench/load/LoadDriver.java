package io.stillwatch.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Load driver for the gateway benchmark (bench/load/run.sh); loopback targets only.
 *
 * <ul>
 *   <li>{@code ttfb}: streamed requests from a fixed number of workers; time to the first body byte.</li>
 *   <li>{@code streams}: opens N streams, holds them open, reports how many are alive.</li>
 * </ul>
 * Open-loop load at a fixed rate is {@link PacedDriver}'s.
 * Usage: {@code LoadDriver MODE --url URL [--body FILE] [-H name:value]... [mode options]}.
 */
public final class LoadDriver {
    private final DriverArgs opts;
    private Buffer body = Buffer.buffer();

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LoadDriver ttfb|streams --url URL [--body FILE] [-H k:v] ...");
            System.exit(2);
        }
        LoadDriver d = new LoadDriver(DriverArgs.parse(args, 1));
        if (d.opts.has("body")) {
            d.body = Buffer.buffer(Files.readAllBytes(Path.of(d.opts.require("body"))));
        }
        switch (args[0]) {
            case "ttfb" -> d.ttfb();
            case "streams" -> d.streams();
            default -> throw new IllegalArgumentException("mode: " + args[0] + " (expected ttfb or streams)");
        }
        System.exit(0);
    }

    private LoadDriver(DriverArgs opts) {
        this.opts = opts;
    }

    private int intOpt(String name, int dflt) {
        return opts.intOpt(name, dflt);
    }

    private RequestOptions request() {
        java.net.URI u = java.net.URI.create(opts.require("url"));
        RequestOptions o = new RequestOptions().setMethod(body.length() > 0 ? HttpMethod.POST : HttpMethod.GET)
                .setHost(u.getHost()).setPort(u.getPort()).setURI(u.getRawPath());
        o.putHeader("content-type", "application/json");
        opts.headers().forEach(h -> o.addHeader(h[0], h[1]));
        return o;
    }

    private static Vertx vertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
    }

    private static HttpClientAgent client(Vertx vertx, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** Time to first byte of streamed responses: --requests N --concurrency C. */
    private void ttfb() throws Exception {
        int n = intOpt("requests", 2000);
        int c = intOpt("concurrency", 16);
        Vertx vertx = vertx();
        HttpClientAgent client = client(vertx, c);
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(c);
        RequestOptions ro = request();
        Runnable[] worker = new Runnable[1];
        worker[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n) {
                finished.countDown();
                return;
            }
            long t0 = System.nanoTime();
            boolean[] first = {false};
            client.request(ro).compose(r -> r.send(body)).onComplete(ar -> {
                if (ar.failed()) {
                    errors.incrementAndGet();
                    vertx.runOnContext(v -> worker[0].run());
                    return;
                }
                var resp = ar.result();
                resp.handler(chunk -> {
                    if (!first[0]) {
                        first[0] = true;
                        if (i >= n / 10) {
                            recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        }
                    }
                });
                resp.exceptionHandler(e -> errors.incrementAndGet());
                resp.endHandler(v -> worker[0].run());
            });
        };
        for (int k = 0; k < c; k++) {
            vertx.runOnContext(v -> worker[0].run());
        }
        finished.await(600, TimeUnit.SECONDS);
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf("ttfb requests=%d concurrency=%d measured=%d errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d%n",
                n, c, h.getTotalCount(), errors.get(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getMaxValue());
        vertx.close();
    }

    /** Opens --count N streams at --ramp per second, holds them --hold seconds, reports liveness. */
    private void streams() throws Exception {
        int n = intOpt("count", 10_000);
        int ramp = intOpt("ramp", 1000);
        int hold = intOpt("hold", 20);
        Vertx vertx = vertx();
        HttpClientAgent client = client(vertx, n + 16);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger firstByte = new AtomicInteger();
        AtomicInteger alive = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        Map<String, AtomicInteger> reasons = new java.util.concurrent.ConcurrentHashMap<>();
        RequestOptions ro = request();
        long start = System.nanoTime();
        AtomicInteger issued = new AtomicInteger();
        vertx.setPeriodic(10, id -> {
            long due = Math.min(n, (System.nanoTime() - start) * ramp / 1_000_000_000L + 1);
            while (issued.get() < due) {
                issued.incrementAndGet();
                client.request(ro).compose(r -> r.send(body)).onComplete(ar -> {
                    if (ar.failed() || ar.result().statusCode() != 200) {
                        failed.incrementAndGet();
                        reasons.computeIfAbsent(ar.failed() ? String.valueOf(ar.cause())
                                : "HTTP " + ar.result().statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        return;
                    }
                    opened.incrementAndGet();
                    alive.incrementAndGet();
                    boolean[] first = {false};
                    var resp = ar.result();
                    resp.handler(chunk -> {
                        if (!first[0]) {
                            first[0] = true;
                            firstByte.incrementAndGet();
                        }
                    });
                    resp.exceptionHandler(e -> {
                        failed.incrementAndGet();
                        reasons.computeIfAbsent("mid-stream: " + e, k -> new AtomicInteger()).incrementAndGet();
                        alive.decrementAndGet();
                    });
                    resp.endHandler(v -> {
                        ended.incrementAndGet();
                        alive.decrementAndGet();
                    });
                });
            }
            if (issued.get() >= n) {
                vertx.cancelTimer(id);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(n / Math.max(1, ramp) + 60);
        while (firstByte.get() + failed.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            System.err.printf("streams: issued=%d open=%d first_byte=%d alive=%d failed=%d ended=%d%n", issued.get(),
                    opened.get(), firstByte.get(), alive.get(), failed.get(), ended.get());
        }
        System.out.printf("streams held: requested=%d alive=%d first_byte=%d failed=%d ended=%d%n", n, alive.get(),
                firstByte.get(), failed.get(), ended.get());
        System.out.flush();
        Path marker = opts.has("marker") ? Path.of(opts.require("marker")) : null;
        if (marker != null) {
            Files.writeString(marker, alive.get() + "\n");
        }
        for (int s = 0; s < hold; s++) {
            Thread.sleep(1000);
        }
        System.out.printf("streams after hold of %ds: alive=%d failed=%d ended=%d%n", hold, alive.get(), failed.get(),
                ended.get());
        reasons.forEach((k, v) -> System.out.printf("streams failed: %d x %s%n", v.get(), k));
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
