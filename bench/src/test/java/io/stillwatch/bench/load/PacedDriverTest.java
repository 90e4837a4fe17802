package io.stillwatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacedDriverTest {
    static {
        // the JDK server writes an answer's head and body apart; without this Nagle's algorithm holds
        // the body until the driver's delayed ACK (~40 ms), which would be measured as the server's
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;

    /** A loopback server answering every request with {@code status} after {@code delayMillis}, one request at a time per worker. */
    private URI serve(int status, long delayMillis, int workers, AtomicInteger served, ConcurrentLinkedQueue<String> seen)
            throws IOException {
        return serve(status, delayMillis, workers, served, seen, false);
    }

    private URI serve(int status, long delayMillis, int workers, AtomicInteger served, ConcurrentLinkedQueue<String> seen,
            boolean closeEach) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("authorization") + " "
                    + new String(body, StandardCharsets.UTF_8));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // the server under test is slow on purpose
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            served.incrementAndGet(); // before the answer: the driver may return as soon as it has the last one
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            if (closeEach) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(workers));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsEveryRequestWithBodyAndHeadersAndMeasuresOnlyAfterTheWarmUp() throws Exception {
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        URI url = serve(200, 0, 4, served, seen);

        PacedDriver.Result r = PacedDriver.run(url, 200, 1, 1, 4, "{\"q\":1}".getBytes(StandardCharsets.UTF_8),
                List.<String[]>of(new String[] {"authorization", "Bearer t"}));

        assertThat(r.complete()).isTrue();
        assertThat(r.errors()).isZero();
        assertThat(served.get()).isEqualTo(400);
        assertThat(r.latency().getTotalCount()).isEqualTo(200); // the warm-up second is not recorded
        assertThat(seen).allMatch("POST Bearer t {\"q\":1}"::equals);
        assertThat(r.achieved()).isBetween(150.0, 250.0);
    }

    @Test
    void chargesTheWaitForABusyConnectionToTheRequest() throws Exception {
        // one connection, 20 ms a response, 100 requests due in 0.5 s: the server can do 50 a second,
        // so the last request starts about 1.5 s after its intended start. A driver that measured from
        // the send (coordinated omission) would report ~20 ms for all of them.
        URI url = serve(200, 20, 1, new AtomicInteger(), new ConcurrentLinkedQueue<>());

        PacedDriver.Result r = PacedDriver.run(url, 200, 1, 0, 1, new byte[0], List.of());

        assertThat(r.complete()).isTrue();
        assertThat(r.latency().getTotalCount()).isEqualTo(200);
        assertThat(r.latency().getMaxValue()).isGreaterThan(2_000_000); // µs: 200 × 20 ms minus the 1 s of the schedule
        assertThat(r.latency().getValueAtPercentile(10)).isLessThan(r.latency().getValueAtPercentile(90) / 4);
    }

    @Test
    void replacesAConnectionTheServerClosesAfterAnAnswerWithoutLosingRequests() throws Exception {
        // as nginx does after keepalive_requests answers on one connection
        AtomicInteger served = new AtomicInteger();
        // (one connection at 1,000 a second: requests queue for it, so a driver reusing a closing
        // connection would send the next one into it)
        URI url = serve(200, 0, 1, served, new ConcurrentLinkedQueue<>(), true);

        PacedDriver.Result r = PacedDriver.run(url, 1000, 1, 0, 1, new byte[0], List.of());

        assertThat(r.complete()).isTrue();
        assertThat(r.errors()).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(1000);
        assertThat(served.get()).isEqualTo(1000);
    }

    @Test
    void countsAnswersOtherThan200AsErrorsAndNotAsLatency() throws Exception {
        URI url = serve(503, 0, 2, new AtomicInteger(), new ConcurrentLinkedQueue<>());

        PacedDriver.Result r = PacedDriver.run(url, 100, 1, 0, 2, new byte[0], List.of());

        assertThat(r.complete()).isTrue();
        assertThat(r.errors()).isEqualTo(100);
        assertThat(r.latency().getTotalCount()).isZero();
    }

    @Test
    void refusesATargetOffTheLoopback() {
        assertThatThrownBy(() -> PacedDriver.run(URI.create("http://example.com:80/"), 1, 1, 0, 1, new byte[0], List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
