package io.stillwatch.gateway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic answer of the mock model to one request: the same request always yields the
 * same tokens. Words are drawn from a fixed vocabulary by a {@link SplittableRandom} seeded with a
 * 64-bit FNV-1a hash of the model and the last user message. One word is one token, which keeps
 * usage figures exact and easy to check.
 */
final class MockCompletion {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = ("the a model answer stream token gateway proxy request response upstream "
            + "latency signal account key exchange log event data value result reason step first then next so "
            + "because therefore check count sum list map graph node edge path cost time rate limit window shard "
            + "batch queue buffer flush rotate hash prefix suffix").split(" ");

    final List<String> tokens;
    final List<String> reasoning;
    final long inputTokens;
    final boolean truncated;
    final ToolCall toolCall;
    final long seed;

    record ToolCall(String id, String name, String arguments) {
    }

    private MockCompletion(List<String> tokens, List<String> reasoning, long inputTokens, boolean truncated,
                           ToolCall toolCall, long seed) {
        this.tokens = tokens;
        this.reasoning = reasoning;
        this.inputTokens = inputTokens;
        this.truncated = truncated;
        this.toolCall = toolCall;
        this.seed = seed;
    }

    long outputTokens() {
        return tokens.size() + reasoning.size() + (toolCall == null ? 0 : 1);
    }

    String text() {
        return String.join("", tokens);
    }

    /**
     * @param anthropic     which dialect the body is in (tool schema and thinking flags differ)
     * @param defaultTokens answer length when max_tokens allows it
     */
    static MockCompletion of(JsonNode body, boolean anthropic, int defaultTokens) {
        String model = body.path("model").asText();
        JsonNode messages = body.path("messages");
        JsonNode last = messages.size() == 0 ? null : messages.get(messages.size() - 1);
        String lastUser = last == null ? "" : text(last.get("content"));
        long seed = fnv1a(model + "\u0000" + lastUser);
        long input = words(text(body.get("system")));
        for (JsonNode m : messages) {
            input += words(text(m.get("content"))) + 3;
        }
        if (body.has("tools")) {
            input += body.get("tools").toString().length() / 4;
        }
        int max = body.path(anthropic ? "max_tokens" : body.has("max_completion_tokens") ? "max_completion_tokens"
                : "max_tokens").asInt(Integer.MAX_VALUE);
        boolean thinking = model.contains("reason") || model.contains("think")
                || body.hasNonNull("reasoning_effort") || "enabled".equals(body.path("thinking").path("type").asText());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> reasoning = new ArrayList<>();
        if (thinking) {
            for (int i = 0; i < 16; i++) {
                reasoning.add((i == 0 ? "" : " ") + WORDS[random.nextInt(WORDS.length)]);
            }
        }
        ToolCall tool = toolCall(body, anthropic, last, seed);
        int n = tool != null ? 0 : Math.max(0, Math.min(defaultTokens, max));
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add((i == 0 ? "" : " ") + WORDS[random.nextInt(WORDS.length)]);
        }
        return new MockCompletion(tokens, reasoning, Math.max(1, input), tool == null && max < defaultTokens, tool, seed);
    }

    /** A call of the first tool when tools are offered and the last turn is a user's (not a tool result). */
    private static ToolCall toolCall(JsonNode body, boolean anthropic, JsonNode last, long seed) {
        JsonNode tools = body.path("tools");
        if (!tools.isArray() || tools.isEmpty() || last == null || !"user".equals(last.path("role").asText())) {
            return null;
        }
        for (JsonNode part : last.path("content")) {
            if ("tool_result".equals(part.path("type").asText())) {
                return null;
            }
        }
        JsonNode tool = tools.get(0);
        String name = anthropic ? tool.path("name").asText("tool") : tool.path("function").path("name").asText("tool");
        JsonNode props = (anthropic ? tool.path("input_schema") : tool.path("function").path("parameters")).path("properties");
        ObjectNode args = JSON.createObjectNode();
        props.fields().forEachRemaining(e -> {
            switch (e.getValue().path("type").asText()) {
                case "integer", "number" -> args.put(e.getKey(), 42);
                case "boolean" -> args.put(e.getKey(), true);
                default -> args.put(e.getKey(), WORDS[(int) Long.remainderUnsigned(seed, WORDS.length)]);
            }
        });
        String id = (anthropic ? "toolu_" : "call_") + Long.toHexString(seed);
        return new ToolCall(id, name, args.toString());
    }

    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                sb.append(part.get("text").asText()).append(' ');
            } else if (part.has("content")) {
                sb.append(text(part.get("content"))).append(' ');
            }
        }
        return sb.toString();
    }

    private static long words(String s) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean ws = Character.isWhitespace(s.charAt(i));
            if (!ws && !in) {
                n++;
            }
            in = !ws;
        }
        return n;
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
