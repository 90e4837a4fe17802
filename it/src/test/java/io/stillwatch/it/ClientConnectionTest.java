package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.ExchangeRecord;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 connection handling at the gateway's front, over raw sockets: pipelined requests answered
 * in order, keep-alive and close as the client asks (HTTP/1.0 included), 100-continue, unsupported
 * expectations, and idle connections closed after the client idle timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientConnectionTest {
    private static final Pattern EXCHANGE_ID = Pattern.compile("(?i)x-stillwatch-exchange-id: (\\S+)");
    Harness h;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        h = new Harness(dir, b -> b.clientIdleTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private String request(String prompt, String connection, String version) {
        String body = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        return "POST /v1/chat/completions " + version + "\r\nHost: gw\r\nAuthorization: Bearer " + h.secret
                + "\r\nContent-Type: application/json\r\n" + (connection == null ? "" : "Connection: " + connection + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", h.gateway.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String readToClose(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf); // returns only when the gateway closes the connection
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipelinedRequests_answeredInOrder_eachLogged() throws Exception {
        int before = h.exchanges().size();
        String wire;
        try (Socket s = connect()) {
            // three requests in one write; the last asks to close, so the read below ends
            s.getOutputStream().write((request("first", null, "HTTP/1.1") + request("second", null, "HTTP/1.1")
                    + request("third", "close", "HTTP/1.1")).getBytes(StandardCharsets.UTF_8));
            wire = readToClose(s.getInputStream());
        }
        assertThat(wire.split("HTTP/1.1 200 OK", -1)).hasSize(4);
        List<ExchangeRecord> all = h.exchanges();
        assertThat(all).hasSize(before + 3);
        // the answers come in the order of the requests: their exchange ids follow the log's order
        Matcher m = EXCHANGE_ID.matcher(wire);
        for (int i = 0; i < 3; i++) {
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo(all.get(before + i).id());
        }
        assertThat(all.subList(before, before + 3)).extracting(r -> r.request().path("messages").path(0)
                .path("content").asText()).containsExactly("first", "second", "third");
    }

    @Test
    void bodyLargerThanTheFirstBuffer_arrivesWhole() throws Exception {
        int before = h.exchanges().size();
        String prompt = "x".repeat(300_000); // the body buffer starts at 64 KiB and grows as bytes arrive
        try (Socket s = connect()) {
            s.getOutputStream().write(request(prompt, "close", "HTTP/1.1").getBytes(StandardCharsets.UTF_8));
            assertThat(readToClose(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
        }
        List<ExchangeRecord> all = h.exchanges();
        assertThat(all).hasSize(before + 1);
        assertThat(all.get(before).request().path("messages").path(0).path("content").asText()).isEqualTo(prompt);
    }

    @Test
    void connectionClose_answeredWithCloseThenClosed() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(request("bye", "close", "HTTP/1.1").getBytes(StandardCharsets.UTF_8));
            String wire = readToClose(s.getInputStream());
            assertThat(wire).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close");
        }
    }

    @Test
    void http10_closedAfterAnswerUnlessKeepAliveAsked() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(request("old", null, "HTTP/1.0").getBytes(StandardCharsets.UTF_8));
            assertThat(readToClose(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
        }
        try (Socket s = connect()) {
            s.getOutputStream().write((request("one", "keep-alive", "HTTP/1.0") + request("two", null, "HTTP/1.0"))
                    .getBytes(StandardCharsets.UTF_8));
            String wire = readToClose(s.getInputStream());
            assertThat(wire.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(wire).containsIgnoringCase("connection: keep-alive");
        }
    }

    @Test
    void expect100Continue_getsContinueThenAnswer() throws Exception {
        String body = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"continue\"}]}";
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer "
                    + h.secret + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] interim = new byte["HTTP/1.1 100 Continue".length()];
            int n = s.getInputStream().readNBytes(interim, 0, interim.length); // the body is not sent before it
            assertThat(new String(interim, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue");
            s.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
            assertThat(readToClose(s.getInputStream())).contains("HTTP/1.1 200 OK");
        }
    }

    @Test
    void unsupportedExpectation_gets417() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nExpect: teapot\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            assertThat(readToClose(s.getInputStream())).startsWith("HTTP/1.1 417");
        }
    }

    @Test
    void idleConnection_closedAfterClientIdleTimeout() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(request("then idle", null, "HTTP/1.1").getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            String wire = readToClose(s.getInputStream()); // the answer, then nothing until the gateway closes
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertThat(wire).startsWith("HTTP/1.1 200 OK").doesNotContainIgnoringCase("connection: close");
            assertThat(seconds).as("closed by the 1 s idle timeout, not the 10 s read timeout").isLessThan(5);
        }
    }
}
