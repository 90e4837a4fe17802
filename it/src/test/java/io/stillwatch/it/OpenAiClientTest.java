package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.stillwatch.model.Action;
import io.stillwatch.model.Apis;
import io.stillwatch.model.ExchangeRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java client, unchanged but for its base URL, against the gateway and the mock upstream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiClientTest {
    Harness h;
    OpenAIClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        h = new Harness(dir, b -> b);
        client = client(h.secret);
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(h.baseUrl() + "/v1").maxRetries(0).build();
    }

    private ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model("mock-gpt").addUserMessage(prompt).maxCompletionTokens(64);
    }

    /** Runs {@code call} and returns the one exchange-log record it produced. */
    private ExchangeRecord oneExchange(Runnable call) throws Exception {
        int before = h.exchanges().size();
        call.run();
        List<ExchangeRecord> all = h.exchanges();
        assertThat(all).hasSize(before + 1);
        return all.get(before);
    }

    @Test
    void create_plainCall_returnsAnswerAndLogsOneExchangeWithUsage() throws Exception {
        ChatCompletion[] out = new ChatCompletion[1];
        ExchangeRecord x = oneExchange(() -> out[0] = client.chat().completions().create(params("hello there").build()));
        String text = out[0].choices().get(0).message().content().orElseThrow();
        assertThat(text).isNotBlank();
        assertThat(x.api()).isEqualTo(Apis.OPENAI_CHAT_COMPLETIONS);
        assertThat(x.account()).isEqualTo(Harness.ACCOUNT);
        assertThat(x.key()).isEqualTo(h.keyId);
        assertThat(x.status()).isEqualTo(200);
        assertThat(x.action()).isEqualTo(Action.ALLOW);
        assertThat(x.ip()).isEqualTo("127.0.0.1");
        assertThat(x.model()).isEqualTo("mock-gpt");
        assertThat(x.stream()).isFalse();
        assertThat(x.request().path("messages").get(0).path("content").asText()).isEqualTo("hello there");
        assertThat(x.response().text()).isEqualTo(text);
        assertThat(x.response().stopReason()).isEqualTo("stop");
        assertThat(x.usage().outputTokens()).isEqualTo(out[0].usage().orElseThrow().completionTokens());
        assertThat(x.usage().inputTokens()).isEqualTo(out[0].usage().orElseThrow().promptTokens());
        assertThat(h.mock.lastCredential()).isEqualTo(Harness.UPSTREAM_CREDENTIAL);
    }

    @Test
    void createStreaming_withoutUsageOption_relaysChunksHidesUsageChunkAndLogsUsage() throws Exception {
        StringBuilder text = new StringBuilder();
        int[] chunks = {0, 0};
        ExchangeRecord x = oneExchange(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    params("stream me a story").build())) {
                s.stream().forEach(c -> {
                    chunks[0]++;
                    if (c.usage().isPresent()) {
                        chunks[1]++;
                    }
                    c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
                });
            }
        });
        assertThat(chunks[0]).isGreaterThan(10);
        assertThat(chunks[1]).as("usage-only chunk the client did not ask for").isZero();
        assertThat(x.stream()).isTrue();
        assertThat(x.status()).isEqualTo(200);
        assertThat(x.response().text()).isEqualTo(text.toString());
        assertThat(x.usage().outputTokens()).isEqualTo(24L);
        assertThat(x.usage().inputTokens()).isPositive();
        assertThat(x.request().has("stream_options")).as("logged request is the client's own").isFalse();
    }

    @Test
    void createStreaming_withUsageOption_clientReceivesUsageChunk() throws Exception {
        long[] usage = {-1};
        ExchangeRecord x = oneExchange(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    params("count for me").streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions
                            .builder().includeUsage(true).build()).build())) {
                s.stream().forEach(c -> c.usage().ifPresent(u -> usage[0] = u.completionTokens()));
            }
        });
        assertThat(usage[0]).isEqualTo(24L);
        assertThat(x.usage().outputTokens()).isEqualTo(24L);
    }

    @Test
    void createStreaming_reasoningModel_logsReasoningCharsAndTokens() throws Exception {
        ExchangeRecord x = oneExchange(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    params("think hard").model("mock-gpt-reasoning").build())) {
                s.stream().forEach(c -> { });
            }
        });
        assertThat(x.response().reasoningChars()).isPositive();
        assertThat(x.usage().reasoningTokens()).isEqualTo(16L);
    }

    private static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
    }

    @Test
    void create_withTools_returnsToolCall() throws Exception {
        ChatCompletion[] out = new ChatCompletion[1];
        ExchangeRecord x = oneExchange(() -> out[0] = client.chat().completions().create(
                params("weather in Paris?").addFunctionTool(weatherTool()).build()));
        var call = out[0].choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).contains("\"city\"");
        assertThat(x.response().stopReason()).isEqualTo("tool_calls");
        assertThat(x.request().path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void createStreaming_withTools_relaysToolCallFragments() throws Exception {
        StringBuilder args = new StringBuilder();
        String[] name = {null};
        oneExchange(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    params("weather in Oslo?").addFunctionTool(weatherTool()).build())) {
                s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().toolCalls().ifPresent(calls ->
                        calls.forEach(tc -> tc.function().ifPresent(f -> {
                            f.name().ifPresent(n -> name[0] = n);
                            f.arguments().ifPresent(args::append);
                        })))));
            }
        });
        assertThat(name[0]).isEqualTo("get_weather");
        assertThat(args.toString()).startsWith("{").endsWith("}").contains("\"city\"");
    }

    @Test
    void create_badKey_raisesUnauthorizedAndLogsRefusal() throws Exception {
        OpenAIClient bad = client("sk-not-a-real-key-0000000000000000");
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> bad.chat().completions().create(
                params("let me in").build())).isInstanceOf(UnauthorizedException.class));
        assertThat(x.status()).isEqualTo(401);
        assertThat(x.account()).isEmpty();
        assertThat(x.key()).isEmpty();
        assertThat(x.toString()).doesNotContain("sk-not-a-real-key");
    }

    @Test
    void create_revokedKey_raisesUnauthorized() throws Exception {
        var issued = h.store.createKey(Harness.ACCOUNT, "soon-revoked");
        h.store.revokeKey(issued.key().keyId());
        OpenAIClient revoked = client(issued.secret().reveal());
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> revoked.chat().completions().create(
                params("still here?").build())).isInstanceOf(UnauthorizedException.class));
        assertThat(x.status()).isEqualTo(401);
    }

    @Test
    void create_upstream500_raisesInternalServerException() throws Exception {
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> client.chat().completions().create(
                params("fail please").putAdditionalHeader("x-mock-fault", "status=500").build()))
                .isInstanceOf(InternalServerException.class));
        assertThat(x.status()).isEqualTo(500);
        assertThat(x.account()).isEqualTo(Harness.ACCOUNT);
    }

    @Test
    void createStreaming_upstreamDisconnectsMidStream_raisesClientError() throws Exception {
        StringBuilder text = new StringBuilder();
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    params("break off").putAdditionalHeader("x-mock-fault", "disconnect-after=5").build())) {
                s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
        }).isInstanceOf(OpenAIException.class).hasMessageContaining("upstream"));
        assertThat(text).isNotEmpty();
        assertThat(x.status()).isEqualTo(200);
        assertThat(x.response().stopReason()).isEqualTo("error");
    }

    @Test
    void create_unknownModel_raisesNotFound() throws Exception {
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> client.chat().completions().create(
                params("x").model("gpt-unrouted").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("gpt-unrouted"));
        assertThat(x.status()).isEqualTo(404);
        assertThat(x.model()).isEqualTo("gpt-unrouted");
    }

    @Test
    void modelsList_throughGateway_listsMockModels() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        ExchangeRecord x = oneExchange(() -> client.models().list().autoPager().forEach(m -> ids.add(m.id())));
        assertThat(ids).contains("mock-gpt", "mock-claude");
        assertThat(x.api()).isEqualTo("openai.models");
        assertThat(x.fingerprint()).isNotNull();
    }
}
