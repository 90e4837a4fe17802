package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.stillwatch.model.ExchangeRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The same client calls with the gateway speaking HTTP/2 (h2c) to the upstream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2UpstreamTest {
    Harness h;
    OpenAIClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        h = new Harness(dir, true, b -> b);
        client = OpenAIOkHttpClient.builder().apiKey(h.secret).baseUrl(h.baseUrl() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private static ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model("mock-gpt").addUserMessage(prompt);
    }

    @Test
    void createAndStream_overHttp2Upstream_answerAndOneLogLineEach() throws Exception {
        int before = h.exchanges().size();
        String plain = client.chat().completions().create(params("over h2").build()).choices().get(0).message()
                .content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params("over h2").build())) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isEqualTo(plain);
        List<ExchangeRecord> all = h.exchanges();
        assertThat(all).hasSize(before + 2);
        assertThat(all.get(before + 1).usage().outputTokens()).isEqualTo(24L);
        assertThat(h.mock.lastCredential()).isEqualTo(Harness.UPSTREAM_CREDENTIAL);
    }

    @Test
    void stream_upstreamResetOverHttp2_raisesClientError() throws Exception {
        int before = h.exchanges().size();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    params("cut").putAdditionalHeader("x-mock-fault", "disconnect-after=4").build())) {
                s.stream().forEach(c -> { });
            }
        }).isInstanceOf(OpenAIException.class);
        assertThat(h.exchanges()).hasSize(before + 1);
    }

    @Test
    void stream_clientHangsUpOverHttp2_loggedAsClientClosedNotUpstreamError() throws Exception {
        int before = h.exchanges().size();
        String body = "{\"model\":\"mock-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"bye\"}]}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.gateway.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + h.secret
                    + "\r\nContent-Type: application/json\r\nx-mock-fault: stall-after=3\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                // the head and the first chunk size, up to the first event
            }
            assertThat(line).as("first event").startsWith("data:");
        } // hang up mid-stream: the gateway resets its HTTP/2 stream to the upstream
        List<ExchangeRecord> all = h.exchangesOnce(before + 1); // the hang-up reaches the gateway asynchronously
        assertThat(all).hasSize(before + 1);
        assertThat(all.get(before).status()).isEqualTo(200);
        assertThat(all.get(before).response().stopReason()).isEqualTo("client_closed");
    }
}
