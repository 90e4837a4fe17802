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
}
