package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.ExchangeRecord;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading a long stream: the gateway stops reading the upstream (back-pressure)
 * instead of buffering the answer, and once the client has taken nothing for the client idle
 * timeout it closes the connection and records the exchange as the client's close — not as an
 * upstream failure, since the upstream was only waiting for the gateway.
 */
class StalledClientTest {

    @Test
    void stream_clientStopsReading_closedAfterClientIdleTimeout_loggedAsClientClosed(@TempDir Path dir) throws Exception {
        // 400,000 unpaced tokens: tens of MB of events, far more than the sockets' buffers hold
        try (Harness h = new Harness(dir, false, 400_000, b -> b.clientIdleTimeout(Duration.ofSeconds(1)))) {
            String body = "{\"model\":\"mock-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"long\"}]}";
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", h.gateway.port()));
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer "
                        + h.secret + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                InputStream in = s.getInputStream();
                byte[] first = new byte[1024];
                int n = in.read(first);
                assertThat(new String(first, 0, Math.max(n, 0), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
                // now read nothing: the record appears once the gateway gives up on this client
                List<ExchangeRecord> all = h.exchangesOnce(1);
                assertThat(all).hasSize(1);
                ExchangeRecord r = all.get(0);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.response().stopReason()).isEqualTo("client_closed");
                // the gateway closed the connection: reading on reaches its end instead of timing out
                long total = n;
                int k;
                while ((k = in.read(first)) >= 0) {
                    total += k;
                }
                assertThat(total).as("bytes the client got before the close").isLessThan(20L << 20);
            }
            assertThat(h.gateway.registry().find("stillwatch_gateway_upstream_errors").counters())
                    .as("no upstream failure counted").allMatch(c -> c.count() == 0);
        }
    }
}
