package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.gateway.Route;
import io.stillwatch.gateway.Upstream;
import io.stillwatch.model.ExchangeRecord;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream is relayed as its events arrive, never held until it ends: an upstream that sends one
 * event and then waits until the client has seen it would deadlock against a gateway that buffers
 * (the test then fails on its timeout instead of hanging).
 */
class StreamRelayTest {
    private static final String FIRST = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"held-gpt\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n";
    private static final String REST = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"held-gpt\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"held-gpt\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n"
            + "data: [DONE]\n\n";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stream_upstreamWaitsForClientToSeeFirstEvent_firstEventIsRelayedAtOnce(@TempDir Path dir) throws Exception {
        CompletableFuture<Void> clientSawFirst = new CompletableFuture<>();
        Vertx vertx = Vertx.vertx();
        HttpServer upstream = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            resp.write(FIRST);
            clientSawFirst.whenComplete((v, e) -> vertx.runOnContext(x -> resp.end(REST)));
        }));
        upstream.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Upstream held = new Upstream("held", URI.create("http://127.0.0.1:" + upstream.actualPort()), "",
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), false);
        try (Harness h = new Harness(dir, b -> b.route(new Route("held-*", held)))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/chat/completions"))
                    .header("authorization", "Bearer " + h.secret).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"held-gpt\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.contains("\"Hel\"")) {
                        assertThat(clientSawFirst).isNotDone(); // the rest of the stream does not exist yet
                        clientSawFirst.complete(null);
                    }
                }
            }
            assertThat(clientSawFirst).isDone();
            assertThat(lines).filteredOn(l -> l.startsWith("data: ")).hasSize(3) // the usage chunk the gateway asked for is not passed on
                    .last().isEqualTo("data: [DONE]");
            List<ExchangeRecord> log = h.exchanges();
            ExchangeRecord x = log.get(log.size() - 1);
            assertThat(x.model()).isEqualTo("held-gpt");
            assertThat(x.status()).isEqualTo(200);
            assertThat(x.usage().outputTokens()).isEqualTo(2L);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
