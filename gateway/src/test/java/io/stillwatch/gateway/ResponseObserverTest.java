package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ResponseObserverTest {
    private static SseDecoder.Event event(String type, String data) {
        return new SseDecoder.Event(Buffer.buffer(), type, data);
    }

    @Test
    void anthropic_usageInStartAndDelta_isCumulativeNotSummed() {
        ResponseObserver o = ResponseObserver.of(ApiFlavor.ANTHROPIC, false);
        o.onEvent(event("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"));
        o.onEvent(event("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}"));
        o.onEvent(event("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"));
        o.onEvent(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}"));
        o.onEvent(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":9}}"));
        assertThat(o.usage().inputTokens()).isEqualTo(12L);
        assertThat(o.usage().outputTokens()).isEqualTo(9L);
        assertThat(o.summary().text()).isEqualTo("Hi");
        assertThat(o.summary().reasoningChars()).isEqualTo(3);
        assertThat(o.summary().stopReason()).isEqualTo("end_turn");
    }

    @Test
    void openAi_usageOnlyChunk_isHiddenOnlyWhenClientDidNotAsk() {
        String usageChunk = "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}";
        ResponseObserver strip = ResponseObserver.of(ApiFlavor.OPENAI, true);
        assertThat(strip.onEvent(event(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}],\"usage\":null}"))).isTrue();
        assertThat(strip.onEvent(event(null, usageChunk))).isFalse();
        assertThat(strip.onEvent(event(null, "[DONE]"))).isTrue();
        assertThat(strip.usage().outputTokens()).isEqualTo(4L);
        assertThat(strip.usage().reasoningTokens()).isEqualTo(2L);
        assertThat(ResponseObserver.of(ApiFlavor.OPENAI, false).onEvent(event(null, usageChunk))).isTrue();
    }

    @Test
    void openAi_errorChunk_recordsError() {
        ResponseObserver o = ResponseObserver.of(ApiFlavor.OPENAI, true);
        o.onEvent(event(null, "{\"error\":{\"message\":\"boom\"}}"));
        assertThat(o.streamError()).isEqualTo("boom");
        assertThat(o.summary().stopReason()).isEqualTo("error");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void openAiBody_fieldsInAnyOrder_keepsFirstChoiceTextReasoningStopAndUsage() {
        ResponseObserver o = ResponseObserver.of(ApiFlavor.OPENAI, false);
        boolean ok = o.onBody(utf8("{\"usage\":{\"completion_tokens_details\":{\"reasoning_tokens\":3},\"prompt_tokens\":9,"
                + "\"completion_tokens\":16,\"total_tokens\":25},\"id\":\"c1\",\"choices\":[{\"finish_reason\":\"stop\","
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\"}],\"reasoning_content\":\"why\","
                + "\"content\":\"héllo \\\"x\\\"\"}},{\"index\":1,\"message\":{\"content\":\"other\"},\"finish_reason\":\"length\"}]}"));
        assertThat(ok).isTrue();
        assertThat(o.summary()).isEqualTo(new io.stillwatch.model.ResponseSummary("héllo \"x\"", 3, "stop"));
        assertThat(o.usage()).isEqualTo(new io.stillwatch.model.Usage(9L, 16L, 3L));
    }

    @Test
    void openAiBody_nullContentAndNoUsage_recordsStopOnly() {
        ResponseObserver o = ResponseObserver.of(ApiFlavor.OPENAI, false);
        assertThat(o.onBody(utf8("{\"choices\":[{\"message\":{\"content\":null},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":null}"))).isTrue();
        assertThat(o.summary()).isEqualTo(new io.stillwatch.model.ResponseSummary(null, null, "tool_calls"));
        assertThat(o.usage()).isNull();
    }

    @Test
    void body_notOneJsonObject_isRejectedAndKeepsNothing() {
        for (String bad : new String[] {"[1,2]", "\"text\"", "", "{\"choices\":[{\"message\":{\"content\":\"partial\"}}],",
                "<html>bad gateway</html>"}) {
            ResponseObserver o = ResponseObserver.of(ApiFlavor.OPENAI, false);
            assertThat(o.onBody(utf8(bad))).as(bad).isFalse();
            assertThat(o.summary()).as(bad).isNull();
            assertThat(o.usage()).as(bad).isNull();
        }
    }

    @Test
    void anthropicBody_blocksWithTypeLast_keepsTextThinkingStopAndUsage() {
        ResponseObserver o = ResponseObserver.of(ApiFlavor.ANTHROPIC, false);
        boolean ok = o.onBody(utf8("{\"id\":\"m\",\"content\":[{\"thinking\":\"abcd\",\"signature\":\"s\",\"type\":\"thinking\"},"
                + "{\"text\":\"Hi \",\"type\":\"text\"},{\"type\":\"tool_use\",\"input\":{\"text\":\"no\"}},"
                + "{\"type\":\"text\",\"text\":\"there\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":7,\"output_tokens\":12,\"cache_read_input_tokens\":0}}"));
        assertThat(ok).isTrue();
        assertThat(o.summary()).isEqualTo(new io.stillwatch.model.ResponseSummary("Hi there", 4, "end_turn"));
        assertThat(o.usage()).isEqualTo(new io.stillwatch.model.Usage(7L, 12L, null));
    }

    @Test
    void anthropicBody_countTokens_recordsInputTokens() {
        ResponseObserver o = ResponseObserver.of(ApiFlavor.ANTHROPIC, false);
        assertThat(o.onBody(utf8("{\"input_tokens\":42}"))).isTrue();
        assertThat(o.usage()).isEqualTo(new io.stillwatch.model.Usage(42L, null, null));
        assertThat(o.summary()).isNull();
    }
}
