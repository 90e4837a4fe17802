package io.stillwatch.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Objects;
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

    /**
     * Observes a whole (non-streamed) response body, reading it token by token with Jackson's
     * streaming parser: only the fields the log keeps are materialised, no tree is built.
     *
     * @return whether the body is one well-formed JSON object (if not, nothing is kept)
     */
    final boolean onBody(byte[] body) {
        return onBody(body, 0, body.length);
    }

    /** {@link #onBody(byte[])} for the {@code length} bytes of {@code body} from {@code offset}. */
    final boolean onBody(byte[] body, int offset, int length) {
        try (JsonParser p = JSON.getFactory().createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            readBody(p);
            return true;
        } catch (IOException | RuntimeException e) {
            reset();
            return false;
        }
    }

    /** Reads the root object's fields; the parser is on its {@code START_OBJECT}. */
    abstract void readBody(JsonParser p) throws IOException;

    private void reset() {
        text.setLength(0);
        sawText = false;
        reasoningChars = 0;
        sawReasoning = false;
        stopReason = null;
        inputTokens = null;
        outputTokens = null;
        reasoningTokens = null;
    }

    /**
     * The current value as {@link JsonNode#asText()} would give it: a scalar's text, "" for an object
     * or array (skipped), null for JSON null.
     */
    static String scalarText(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isStructStart()) {
            p.skipChildren();
            return "";
        }
        return p.getText();
    }

    /** The current value as a long when {@link JsonNode#canConvertToLong()} would allow it, else null. */
    static Long longValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    && p.getBigIntegerValue().bitLength() > 63 ? null : p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return d >= Long.MIN_VALUE && d <= Long.MAX_VALUE ? (long) d : null;
        }
        p.skipChildren();
        return null;
    }

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

    static JsonNode parse(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (Exception e) {
            return null;
        }
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
        private final boolean fastPath;

        OpenAi(boolean stripUsageChunk) {
            this(stripUsageChunk, true);
        }

        /** {@code fastPath} false reads every chunk as a tree (tests compare both readings). */
        OpenAi(boolean stripUsageChunk, boolean fastPath) {
            this.stripUsageChunk = stripUsageChunk;
            this.fastPath = fastPath;
        }

        @Override
        boolean onEvent(SseDecoder.Event event) {
            String data = event.data();
            if (data == null || "[DONE]".equals(data)) {
                return true;
            }
            if (fastPath) {
                Chunk c = Chunk.read(data);
                if (c != null) {
                    return apply(c);
                }
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

        /** What {@link #onEvent}'s tree reading does with a chunk, done from a {@link Chunk}. */
        private boolean apply(Chunk c) {
            for (int i = 0; i < c.choices; i++) {
                if (c.index[i] != 0) {
                    continue;
                }
                if (c.content[i] != null) {
                    appendText(c.content[i]);
                }
                addReasoning(c.reasoningContent[i]);
                addReasoning(c.reasoning[i]);
                if (c.finishReason[i] != null) {
                    stopReason = c.finishReason[i];
                }
            }
            if (c.usage) {
                inputTokens = c.promptTokens;
                outputTokens = c.completionTokens;
                reasoningTokens = c.reasoningTokens;
                return !(stripUsageChunk && c.choices == 0);
            }
            return true;
        }

        private void addReasoning(int chars) {
            if (chars >= 0) {
                reasoningChars += chars;
                sawReasoning = true;
            }
        }

        /** {@code choices[0].message} (content, reasoning), {@code choices[0].finish_reason}, {@code usage}. */
        @Override
        void readBody(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("choices".equals(field) && v == JsonToken.START_ARRAY) {
                    boolean first = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (first && p.currentToken() == JsonToken.START_OBJECT) {
                            readChoice(p);
                        } else {
                            p.skipChildren();
                        }
                        first = false;
                    }
                } else if ("usage".equals(field) && v == JsonToken.START_OBJECT) {
                    readUsage(p);
                } else {
                    p.skipChildren();
                }
            }
        }

        private void readChoice(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("message".equals(field) && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken mv = p.nextToken();
                        if ("content".equals(f)) {
                            String content = scalarText(p);
                            if (content != null) {
                                appendText(content);
                            }
                        } else if (("reasoning_content".equals(f) || "reasoning".equals(f)) && mv == JsonToken.VALUE_STRING) {
                            reasoningChars += p.getText().length();
                            sawReasoning = true;
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if ("finish_reason".equals(field)) {
                    String reason = scalarText(p);
                    if (reason != null) {
                        stopReason = reason;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private void readUsage(JsonParser p) throws IOException {
            Long prompt = null;
            Long completion = null;
            Long reasoning = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "prompt_tokens" -> prompt = longValue(p);
                    case "completion_tokens" -> completion = longValue(p);
                    case "completion_tokens_details" -> {
                        if (v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                if ("reasoning_tokens".equals(f)) {
                                    reasoning = longValue(p);
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            inputTokens = prompt;
            outputTokens = completion;
            reasoningTokens = reasoning;
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

    /**
     * One OpenAI stream chunk read with the streaming parser, no tree: the common shape only
     * ({@code choices} an array of objects with an integer {@code index}, string-or-null
     * {@code delta.content}, reasoning and {@code finish_reason}; {@code usage} an object of
     * integers or null; no {@code error}; no repeated member; nothing after the object). Anything
     * else gives null and the chunk is read as a tree, so both readings agree by construction
     * where the fast one answers ({@code ResponseObserverTest} compares them on generated chunks).
     */
    static final class Chunk {
        private static final int MAX_CHOICES = 8;
        int choices;
        final int[] index = new int[MAX_CHOICES];
        final String[] content = new String[MAX_CHOICES];
        final int[] reasoningContent = new int[MAX_CHOICES]; // chars, -1 when not a string
        final int[] reasoning = new int[MAX_CHOICES];
        final String[] finishReason = new String[MAX_CHOICES];
        boolean usage;
        Long promptTokens;
        Long completionTokens;
        Long reasoningTokens;

        /** The chunk, or null when it is not in the common shape. */
        static Chunk read(String data) {
            try (JsonParser p = JSON.getFactory().createParser(data)) {
                // a repeated member anywhere throws: the tree keeps the last one, this reading would not
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Chunk c = new Chunk();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    boolean ok = switch (field) {
                        case "choices" -> v == JsonToken.START_ARRAY && c.readChoices(p);
                        case "usage" -> v == JsonToken.VALUE_NULL || v == JsonToken.START_OBJECT && c.readUsage(p);
                        case "error" -> v == JsonToken.VALUE_NULL;
                        default -> skip(p);
                    };
                    if (!ok) {
                        return null;
                    }
                }
                return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? c : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static boolean skip(JsonParser p) throws IOException {
            p.skipChildren();
            return true;
        }

        private boolean readChoices(JsonParser p) throws IOException {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.START_OBJECT || choices == MAX_CHOICES) {
                    return false;
                }
                int i = choices++;
                reasoningContent[i] = -1;
                reasoning[i] = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (field) {
                        case "index" -> {
                            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                                return false;
                            }
                            index[i] = p.getIntValue();
                        }
                        case "delta" -> {
                            if (v != JsonToken.START_OBJECT || !readDelta(p, i)) {
                                return false;
                            }
                        }
                        case "finish_reason" -> {
                            if (!isStringOrNull(v)) {
                                return false;
                            }
                            finishReason[i] = textOrNull(p, v);
                        }
                        default -> p.skipChildren();
                    }
                }
            }
            return true;
        }

        private boolean readDelta(JsonParser p, int i) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "content", "reasoning_content", "reasoning" -> {
                        if (!isStringOrNull(v)) {
                            return false;
                        }
                        String text = textOrNull(p, v);
                        switch (field) {
                            case "content" -> content[i] = text;
                            case "reasoning_content" -> reasoningContent[i] = text == null ? -1 : text.length();
                            default -> reasoning[i] = text == null ? -1 : text.length();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return true;
        }

        private boolean readUsage(JsonParser p) throws IOException {
            usage = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "prompt_tokens" -> promptTokens = plainLong(p, t);
                    case "completion_tokens" -> completionTokens = plainLong(p, t);
                    case "completion_tokens_details" -> {
                        if (t != JsonToken.START_OBJECT) {
                            return false;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken d = p.nextToken();
                            if ("reasoning_tokens".equals(f)) {
                                reasoningTokens = plainLong(p, d);
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return true;
        }

        private static boolean isStringOrNull(JsonToken t) {
            return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL;
        }

        private static String textOrNull(JsonParser p, JsonToken t) throws IOException {
            return t == JsonToken.VALUE_NULL ? null : p.getText();
        }

        /**
         * An integer that fits a long, or null for JSON null: what the tree's {@code canConvertToLong}
         * surely agrees with. Anything else throws, and the chunk is read as a tree.
         */
        private static Long plainLong(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            throw new IllegalStateException("not a plain integer");
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

        /** {@code content[]} text and thinking blocks, {@code stop_reason}, {@code usage}; count_tokens' {@code input_tokens}. */
        @Override
        void readBody(JsonParser p) throws IOException {
            boolean hasContent = false;
            boolean hasInputTokens = false;
            Long countedInput = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "content" -> {
                        hasContent = true;
                        if (v == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                if (p.currentToken() == JsonToken.START_OBJECT) {
                                    readBlock(p);
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "stop_reason" -> {
                        String reason = scalarText(p);
                        if (reason != null) {
                            stopReason = reason;
                        }
                    }
                    case "usage" -> {
                        if (v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                Long n = "input_tokens".equals(f) || "output_tokens".equals(f) ? longValue(p) : null;
                                if (n == null) {
                                    p.skipChildren();
                                } else if ("input_tokens".equals(f)) {
                                    inputTokens = n;
                                } else {
                                    outputTokens = n;
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "input_tokens" -> {
                        hasInputTokens = true;
                        countedInput = longValue(p);
                    }
                    default -> p.skipChildren();
                }
            }
            if (hasInputTokens && !hasContent) { // count_tokens
                inputTokens = countedInput;
            }
        }

        /** One content block; its fields may come in any order, so it is applied once whole. */
        private void readBlock(JsonParser p) throws IOException {
            String type = "";
            String blockText = "";
            String thinking = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "type" -> type = Objects.requireNonNullElse(scalarText(p), "null");
                    case "text" -> blockText = Objects.requireNonNullElse(scalarText(p), "null");
                    case "thinking" -> thinking = Objects.requireNonNullElse(scalarText(p), "null");
                    default -> p.skipChildren();
                }
            }
            switch (type) {
                case "text" -> appendText(blockText);
                case "thinking" -> {
                    reasoningChars += thinking.length();
                    sawReasoning = true;
                }
                default -> { }
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
