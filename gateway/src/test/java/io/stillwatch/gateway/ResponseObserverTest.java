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
}
