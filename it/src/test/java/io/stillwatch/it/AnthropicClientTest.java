package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
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

/** The official Anthropic Java client, unchanged but for its base URL, against the gateway and the mock upstream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicClientTest {
    Harness h;
    AnthropicClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        h = new Harness(dir, b -> b);
        client = client(h.secret);
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private AnthropicClient client(String key) {
        return AnthropicOkHttpClient.builder().apiKey(key).baseUrl(h.baseUrl()).maxRetries(0).build();
    }

    private MessageCreateParams.Builder params(String prompt) {
        return MessageCreateParams.builder().model("mock-claude").maxTokens(64).addUserMessage(prompt);
    }

    private ExchangeRecord oneExchange(Runnable call) throws Exception {
        int before = h.exchanges().size();
        call.run();
        List<ExchangeRecord> all = h.exchanges();
        assertThat(all).hasSize(before + 1);
        return all.get(before);
    }

    @Test
    void create_plainCall_returnsTextAndLogsUsage() throws Exception {
        Message[] out = new Message[1];
        ExchangeRecord x = oneExchange(() -> out[0] = client.messages().create(params("hello claude").build()));
        String text = out[0].content().get(0).asText().text();
        assertThat(text).isNotBlank();
        assertThat(x.api()).isEqualTo(Apis.ANTHROPIC_MESSAGES);
        assertThat(x.key()).isEqualTo(h.keyId);
        assertThat(x.status()).isEqualTo(200);
        assertThat(x.response().text()).isEqualTo(text);
        assertThat(x.response().stopReason()).isEqualTo("end_turn");
        assertThat(x.usage().outputTokens()).isEqualTo(out[0].usage().outputTokens());
        assertThat(x.usage().inputTokens()).isEqualTo(out[0].usage().inputTokens());
        assertThat(h.mock.lastCredential()).isEqualTo(Harness.UPSTREAM_CREDENTIAL);
    }

    @Test
    void createStreaming_withThinking_relaysEventsAndLogsCumulativeUsage() throws Exception {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ExchangeRecord x = oneExchange(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(
                    params("think, then answer").maxTokens(2048).enabledThinking(1024).build())) {
                s.stream().forEach(e -> e.contentBlockDelta().ifPresent(d -> {
                    d.delta().text().ifPresent(t -> text.append(t.text()));
                    d.delta().thinking().ifPresent(t -> thinking.append(t.thinking()));
                }));
            }
        });
        assertThat(text).isNotEmpty();
        assertThat(x.stream()).isTrue();
        assertThat(x.response().text()).isEqualTo(text.toString());
        assertThat(x.response().reasoningChars()).isEqualTo(thinking.length()).isPositive();
        assertThat(x.usage().outputTokens()).as("message_delta's cumulative count, not a sum").isEqualTo(24L + 16L);
        assertThat(x.usage().inputTokens()).isPositive();
        assertThat(x.response().stopReason()).isEqualTo("end_turn");
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                .properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                .build()).build();
    }

    @Test
    void create_withTools_returnsToolUse() throws Exception {
        Message[] out = new Message[1];
        ExchangeRecord x = oneExchange(() -> out[0] = client.messages().create(
                params("weather in Rome?").addTool(weatherTool()).build()));
        ContentBlock block = out[0].content().get(0);
        assertThat(block.isToolUse()).isTrue();
        assertThat(block.asToolUse().name()).isEqualTo("get_weather");
        assertThat(x.response().stopReason()).isEqualTo("tool_use");
    }

    @Test
    void createStreaming_withTools_relaysInputJsonDeltas() throws Exception {
        StringBuilder json = new StringBuilder();
        oneExchange(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(
                    params("weather in Lima?").addTool(weatherTool()).build())) {
                s.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().inputJson())
                        .ifPresent(j -> json.append(j.partialJson())));
            }
        });
        assertThat(json.toString()).startsWith("{").endsWith("}").contains("\"city\"");
    }

    @Test
    void create_badKey_raisesUnauthorized() throws Exception {
        AnthropicClient bad = client("sk-ant-bogus-000000000000000000");
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> bad.messages().create(params("hi").build()))
                .isInstanceOf(UnauthorizedException.class));
        assertThat(x.status()).isEqualTo(401);
        assertThat(x.api()).isEqualTo(Apis.ANTHROPIC_MESSAGES);
        assertThat(x.request().path("model").asText()).isEqualTo("mock-claude");
    }

    @Test
    void create_upstream500_raisesInternalServerException() throws Exception {
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> client.messages().create(
                params("fail").putAdditionalHeader("x-mock-fault", "status=500").build()))
                .isInstanceOf(InternalServerException.class));
        assertThat(x.status()).isEqualTo(500);
    }

    @Test
    void createStreaming_upstreamDisconnectsMidStream_raisesClientError() throws Exception {
        StringBuilder text = new StringBuilder();
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(
                    params("break off").putAdditionalHeader("x-mock-fault", "disconnect-after=6").build())) {
                s.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text())
                        .ifPresent(t -> text.append(t.text())));
            }
        }).isInstanceOf(AnthropicException.class).hasMessageContaining("upstream"));
        assertThat(text).isNotEmpty();
        assertThat(x.response().stopReason()).isEqualTo("error");
    }

    @Test
    void createStreaming_upstreamStalls_raisesClientErrorAfterIdleTimeout() throws Exception {
        ExchangeRecord x = oneExchange(() -> assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(
                    params("stall").putAdditionalHeader("x-mock-fault", "stall-after=4").build())) {
                s.stream().forEach(e -> { });
            }
        }).isInstanceOf(AnthropicException.class));
        assertThat(x.response().stopReason()).isEqualTo("error");
    }

    @Test
    void countTokens_throughGateway_returnsCount() throws Exception {
        long[] n = {0};
        ExchangeRecord x = oneExchange(() -> n[0] = client.messages().countTokens(
                com.anthropic.models.messages.MessageCountTokensParams.builder().model("mock-claude")
                        .addUserMessage("one two three").build()).inputTokens());
        assertThat(n[0]).isPositive();
        assertThat(x.api()).isEqualTo("anthropic.messages.count_tokens");
        assertThat(x.usage().inputTokens()).isEqualTo(n[0]);
    }
}
