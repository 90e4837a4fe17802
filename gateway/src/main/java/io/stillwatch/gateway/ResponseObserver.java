package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.ResponseSummary;
import io.stillwatch.model.Usage;

/**
 * Reads a response as it passes, plain or streamed, and keeps what the exchange log records:
 * text, reasoning characters, stop reason and usage. One instance per exchange; event-loop confined.
 * Usage in Anthropic's {@code message_start} and {@code message_delta} is cumulative, so later
 * values replace earlier ones; OpenAI reports usage once, in the final chunk.
 */
abstract class ResponseObserver {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT_CHARS = 1 << 20;

    private final StringBuilder text = new StringBuilder();
    private boolean sawText;
    protected int reasoningChars;
    protected boolean sawReasoning;
    protected String stopReason;
    protected Long inputTokens;
    protected Long outputTokens;
    protected Long reasoningTokens;
    protected String streamError;

    static ResponseObserver of(ApiFlavor flavor, boolean stripUsageChunk) {
        return flavor == ApiFlavor.OPENAI ? new OpenAi(stripUsageChunk) : new Anthropic();
    }

    /**
     * Observes one streamed event.
     *
     * @return whether the event is relayed to the client
     */
    abstract boolean onEvent(SseDecoder.Event event);

    /** Observes a whole (non-streamed) JSON response body. */
    abstract void onBody(JsonNode body);

    void markStop(String reason) {
        stopReason = reason;
    }

    /** The upstream's in-stream error message, or null. */
    String streamError() {
        return streamError;
    }

    protected void appendText(String s) {
        if (s == null) {
            return;
        }
        sawText = true;
        int room = MAX_TEXT_CHARS - text.length();
        if (room > 0) {
            text.append(s, 0, Math.min(room, s.length()));
        }
    }

    ResponseSummary summary() {
        ResponseSummary s = new ResponseSummary(sawText ? text.toString() : null, sawReasoning ? reasoningChars : null,
                stopReason);
        return s.isEmpty() ? null : s;
    }

    Usage usage() {
        Usage u = new Usage(inputTokens, outputTokens, reasoningTokens);
        return u.isEmpty() ? null : u;
    }

    static Long longOrNull(JsonNode n) {
        return n != null && n.canConvertToLong() ? n.asLong() : null;
    }

    static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (Exception e) {
            return null;
        }
    }

    /** OpenAI chat completions: {@code choices[].delta}, {@code finish_reason}, final {@code usage} chunk. */
    static final class OpenAi extends ResponseObserver {
        private final boolean stripUsageChunk;

        OpenAi(boolean stripUsageChunk) {
            this.stripUsageChunk = stripUsageChunk;
        }

        @Override
        boolean onEvent(SseDecoder.Event event) {
            String data = event.data();
            if (data == null || "[DONE]".equals(data)) {
                return true;
            }
            JsonNode chunk = parse(data);
            if (chunk == null) {
                return true;
            }
            if (chunk.hasNonNull("error")) {
                streamError = chunk.path("error").path("message").asText("upstream error");
                stopReason = "error";
                return true;
            }
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) {
                    continue;
                }
                JsonNode delta = choice.path("delta");
                if (delta.hasNonNull("content")) {
                    appendText(delta.get("content").asText());
                }
                reasoning(delta);
                if (choice.hasNonNull("finish_reason")) {
                    stopReason = choice.get("finish_reason").asText();
                }
            }
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                usage(usage);
                return !(stripUsageChunk && chunk.path("choices").isEmpty());
            }
            return true;
        }

        @Override
        void onBody(JsonNode body) {
            JsonNode choice = body.path("choices").path(0);
            JsonNode message = choice.path("message");
            if (message.hasNonNull("content")) {
                appendText(message.get("content").asText());
            }
            reasoning(message);
            if (choice.hasNonNull("finish_reason")) {
                stopReason = choice.get("finish_reason").asText();
            }
            if (body.path("usage").isObject()) {
                usage(body.get("usage"));
            }
        }

        private void reasoning(JsonNode node) {
            for (String field : new String[] {"reasoning_content", "reasoning"}) {
                JsonNode r = node.get(field);
                if (r != null && r.isTextual()) {
                    reasoningChars += r.asText().length();
                    sawReasoning = true;
                }
            }
        }

        private void usage(JsonNode u) {
            inputTokens = longOrNull(u.get("prompt_tokens"));
            outputTokens = longOrNull(u.get("completion_tokens"));
            reasoningTokens = longOrNull(u.path("completion_tokens_details").get("reasoning_tokens"));
        }
    }

    /** Anthropic messages: {@code message_start}, {@code content_block_delta}, {@code message_delta}, {@code error}. */
    static final class Anthropic extends ResponseObserver {
        @Override
        boolean onEvent(SseDecoder.Event event) {
            if (event.data() == null) {
                return true;
            }
            JsonNode e = parse(event.data());
            if (e == null) {
                return true;
            }
            String type = e.path("type").asText(event.type() == null ? "" : event.type());
            switch (type) {
                case "message_start" -> usage(e.path("message").path("usage"));
                case "content_block_delta" -> {
                    JsonNode d = e.path("delta");
                    switch (d.path("type").asText()) {
                        case "text_delta" -> appendText(d.path("text").asText());
                        case "thinking_delta" -> {
                            reasoningChars += d.path("thinking").asText().length();
                            sawReasoning = true;
                        }
                        default -> { }
                    }
                }
                case "message_delta" -> {
                    if (e.path("delta").hasNonNull("stop_reason")) {
                        stopReason = e.path("delta").get("stop_reason").asText();
                    }
                    usage(e.path("usage"));
                }
                case "error" -> {
                    streamError = e.path("error").path("message").asText("upstream error");
                    stopReason = "error";
                }
                default -> { }
            }
            return true;
        }

        @Override
        void onBody(JsonNode body) {
            for (JsonNode block : body.path("content")) {
                switch (block.path("type").asText()) {
                    case "text" -> appendText(block.path("text").asText());
                    case "thinking" -> {
                        reasoningChars += block.path("thinking").asText().length();
                        sawReasoning = true;
                    }
                    default -> { }
                }
            }
            if (body.hasNonNull("stop_reason")) {
                stopReason = body.get("stop_reason").asText();
            }
            usage(body.path("usage"));
            if (body.has("input_tokens") && !body.has("content")) { // count_tokens
                inputTokens = longOrNull(body.get("input_tokens"));
            }
        }

        /** Cumulative counts: a later value replaces an earlier one. */
        private void usage(JsonNode u) {
            Long in = longOrNull(u.get("input_tokens"));
            Long out = longOrNull(u.get("output_tokens"));
            if (in != null) {
                inputTokens = in;
            }
            if (out != null) {
                outputTokens = out;
            }
        }
    }
}
