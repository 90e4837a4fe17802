package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ResponseObserverTest {
    private static SseDecoder.Event event(String type, String data) {
        return new SseDecoder.Event(Unpooled.EMPTY_BUFFER, type, data);
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

    /** Random OpenAI chunks, common and odd shapes: the fast reading must agree with the tree reading. */
    @Test
    void openAiChunks_fastReadingAgreesWithTreeReading() {
        java.util.Random rnd = new java.util.Random(7);
        int fast = 0;
        for (int stream = 0; stream < 3_000; stream++) {
            boolean strip = rnd.nextBoolean();
            ResponseObserver.OpenAi a = new ResponseObserver.OpenAi(strip, true);
            ResponseObserver.OpenAi b = new ResponseObserver.OpenAi(strip, false);
            int events = 1 + rnd.nextInt(6);
            for (int e = 0; e < events; e++) {
                String data = randomChunk(rnd);
                if (ResponseObserver.Chunk.read(data) != null) {
                    fast++;
                }
                assertThat(a.onEvent(event(null, data))).as(data).isEqualTo(b.onEvent(event(null, data)));
                assertThat(a.summary()).as(data).isEqualTo(b.summary());
                assertThat(a.usage()).as(data).isEqualTo(b.usage());
                assertThat(a.streamError()).as(data).isEqualTo(b.streamError());
            }
        }
        assertThat(fast).as("chunks the fast reading answered").isGreaterThan(3_000);
    }

    private static String pick(java.util.Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static String randomChunk(java.util.Random rnd) {
        if (rnd.nextInt(40) == 0) {
            return pick(rnd, "", "[]", "5", "\"x\"", "{", "null", "{\"choices\":[]} x", "{}{}", "{\"a\":1}  ");
        }
        StringBuilder b = new StringBuilder("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\"");
        if (rnd.nextInt(4) > 0) {
            b.append(",\"choices\":");
            if (rnd.nextInt(30) == 0) {
                b.append(pick(rnd, "null", "{}", "{\"x\":{\"index\":0,\"delta\":{\"content\":\"o\"}}}", "3"));
            } else {
                b.append('[');
                int n = rnd.nextInt(12) == 0 ? 9 + rnd.nextInt(3) : rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(randomChoice(rnd));
                }
                b.append(']');
            }
        }
        if (rnd.nextInt(3) == 0) {
            b.append(",\"usage\":").append(randomUsage(rnd));
        }
        if (rnd.nextInt(15) == 0) {
            b.append(",\"error\":").append(pick(rnd, "null", "{\"message\":\"boom\"}", "{}", "\"bad\""));
        }
        if (rnd.nextInt(20) == 0) {
            b.append(pick(rnd, ",\"choices\":[]", ",\"usage\":null", ",\"id\":\"again\"", ",\"extra\":[1,{\"a\":[]}]"));
        }
        return b.append('}').toString();
    }

    private static String randomChoice(java.util.Random rnd) {
        if (rnd.nextInt(25) == 0) {
            return pick(rnd, "1", "null", "\"c\"", "[]");
        }
        StringBuilder b = new StringBuilder("{");
        java.util.List<String> fields = new java.util.ArrayList<>();
        if (rnd.nextInt(6) > 0) {
            fields.add("\"index\":" + pick(rnd, "0", "0", "0", "1", "2", "-0", "\"0\"", "1.5", "null", "true", "4294967296"));
        }
        if (rnd.nextInt(6) > 0) {
            StringBuilder d = new StringBuilder("{");
            java.util.List<String> df = new java.util.ArrayList<>();
            if (rnd.nextBoolean()) {
                df.add("\"role\":\"assistant\"");
            }
            if (rnd.nextInt(4) > 0) {
                df.add("\"content\":" + pick(rnd, "\"Hel\"", "\"lo w\u00f6rld\"", "\"\"", "null", "7", "{\"t\":1}", "[\"x\"]", "true"));
            }
            if (rnd.nextInt(4) == 0) {
                df.add("\"reasoning_content\":" + pick(rnd, "\"think\"", "null", "3", "{}"));
            }
            if (rnd.nextInt(4) == 0) {
                df.add("\"reasoning\":" + pick(rnd, "\"why so\"", "null", "[]"));
            }
            if (rnd.nextInt(6) == 0) {
                df.add("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]");
            }
            if (rnd.nextInt(15) == 0 && !df.isEmpty()) {
                df.add(df.get(rnd.nextInt(df.size()))); // a repeated member
            }
            java.util.Collections.shuffle(df, rnd);
            d.append(String.join(",", df)).append('}');
            fields.add("\"delta\":" + (rnd.nextInt(25) == 0 ? pick(rnd, "null", "\"d\"", "[]") : d));
        }
        if (rnd.nextInt(3) > 0) {
            fields.add("\"finish_reason\":" + pick(rnd, "null", "null", "\"stop\"", "\"length\"", "1", "{}"));
        }
        if (rnd.nextInt(5) == 0) {
            fields.add("\"logprobs\":null");
        }
        if (rnd.nextInt(15) == 0 && !fields.isEmpty()) {
            fields.add(fields.get(rnd.nextInt(fields.size())));
        }
        java.util.Collections.shuffle(fields, rnd);
        return b.append(String.join(",", fields)).append('}').toString();
    }

    private static String randomUsage(java.util.Random rnd) {
        if (rnd.nextInt(8) == 0) {
            return pick(rnd, "null", "5", "\"u\"", "[]");
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        String[] numbers = {"3", "40", "0", "null", "2.0", "\"7\"", "99999999999999999999", "-1", "{}"};
        if (rnd.nextInt(5) > 0) {
            fields.add("\"prompt_tokens\":" + pick(rnd, numbers));
        }
        if (rnd.nextInt(5) > 0) {
            fields.add("\"completion_tokens\":" + pick(rnd, numbers));
        }
        if (rnd.nextBoolean()) {
            fields.add("\"total_tokens\":" + pick(rnd, numbers));
        }
        if (rnd.nextInt(3) == 0) {
            fields.add("\"completion_tokens_details\":" + (rnd.nextInt(6) == 0 ? pick(rnd, "null", "1", "[]")
                    : "{\"reasoning_tokens\":" + pick(rnd, numbers) + (rnd.nextBoolean() ? ",\"audio_tokens\":0" : "") + "}"));
        }
        if (rnd.nextInt(15) == 0 && !fields.isEmpty()) {
            fields.add(fields.get(rnd.nextInt(fields.size())));
        }
        java.util.Collections.shuffle(fields, rnd);
        return "{" + String.join(",", fields) + "}";
    }
}
