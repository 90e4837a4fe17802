package io.stillwatch.gateway.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link MockCompletion} in each API's wire format: the whole JSON response, or the SSE
 * events of a stream (one token per event), shaped as the public APIs document them.
 */
final class MockFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long CREATED = 1_767_225_600L; // 2026-01-01T00:00:00Z: fixed, so answers are reproducible

    private MockFormat() {
    }

    // ---- OpenAI chat completions ----

    static ObjectNode openAiBody(MockCompletion c, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + Long.toHexString(c.seed));
        root.put("object", "chat.completion");
        root.put("created", CREATED);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (c.toolCall == null) {
            message.put("content", c.text());
        } else {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", c.toolCall.id());
            call.put("type", "function");
            call.putObject("function").put("name", c.toolCall.name()).put("arguments", c.toolCall.arguments());
        }
        message.putNull("refusal");
        if (!c.reasoning.isEmpty()) {
            message.put("reasoning_content", String.join("", c.reasoning));
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", openAiFinish(c));
        root.set("usage", openAiUsage(c));
        return root;
    }

    static List<String> openAiEvents(MockCompletion c, String model, boolean includeUsage) {
        List<String> events = new ArrayList<>();
        events.add(openAiChunk(c, model, includeUsage, d -> d.put("role", "assistant").put("content", ""), null));
        for (String r : c.reasoning) {
            events.add(openAiChunk(c, model, includeUsage, d -> d.put("reasoning_content", r), null));
        }
        if (c.toolCall != null) {
            events.add(openAiChunk(c, model, includeUsage, d -> {
                ObjectNode call = d.putArray("tool_calls").addObject();
                call.put("index", 0).put("id", c.toolCall.id()).put("type", "function");
                call.putObject("function").put("name", c.toolCall.name()).put("arguments", "");
            }, null));
            for (String part : split(c.toolCall.arguments())) {
                events.add(openAiChunk(c, model, includeUsage, d -> {
                    ObjectNode call = d.putArray("tool_calls").addObject();
                    call.put("index", 0);
                    call.putObject("function").put("arguments", part);
                }, null));
            }
        }
        for (String t : c.tokens) {
            events.add(openAiChunk(c, model, includeUsage, d -> d.put("content", t), null));
        }
        events.add(openAiChunk(c, model, includeUsage, d -> { }, openAiFinish(c)));
        if (includeUsage) {
            ObjectNode u = chunkHead(c, model);
            u.putArray("choices");
            u.set("usage", openAiUsage(c));
            events.add("data: " + u + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static ObjectNode chunkHead(MockCompletion c, String model) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-" + Long.toHexString(c.seed));
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", CREATED);
        chunk.put("model", model);
        return chunk;
    }

    private static String openAiChunk(MockCompletion c, String model, boolean includeUsage,
                                      java.util.function.Consumer<ObjectNode> delta, String finish) {
        ObjectNode chunk = chunkHead(c, model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return "data: " + chunk + "\n\n";
    }

    private static String openAiFinish(MockCompletion c) {
        return c.toolCall != null ? "tool_calls" : c.truncated ? "length" : "stop";
    }

    private static ObjectNode openAiUsage(MockCompletion c) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", c.inputTokens);
        u.put("completion_tokens", c.outputTokens());
        u.put("total_tokens", c.inputTokens + c.outputTokens());
        u.putObject("completion_tokens_details").put("reasoning_tokens", c.reasoning.size());
        return u;
    }

    // ---- Anthropic messages ----

    static ObjectNode anthropicBody(MockCompletion c, String model) {
        ObjectNode root = anthropicMessageHead(c, model);
        ArrayNode content = root.putArray("content");
        if (!c.reasoning.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", String.join("", c.reasoning))
                    .put("signature", signature(c));
        }
        if (c.toolCall != null) {
            ObjectNode tool = content.addObject().put("type", "tool_use").put("id", c.toolCall.id())
                    .put("name", c.toolCall.name());
            try {
                tool.set("input", JSON.readTree(c.toolCall.arguments()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else {
            content.addObject().put("type", "text").put("text", c.text());
        }
        root.put("stop_reason", anthropicStop(c));
        root.putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", c.inputTokens).put("output_tokens", c.outputTokens());
        return root;
    }

    static List<String> anthropicEvents(MockCompletion c, String model) {
        List<String> events = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = anthropicMessageHead(c, model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", c.inputTokens).put("output_tokens", 1);
        start.set("message", message);
        events.add(event("message_start", start));
        events.add(event("ping", JSON.createObjectNode().put("type", "ping")));
        int index = 0;
        if (!c.reasoning.isEmpty()) {
            events.add(blockStart(index, JSON.createObjectNode().put("type", "thinking").put("thinking", "")
                    .put("signature", "")));
            for (String r : c.reasoning) {
                events.add(blockDelta(index, JSON.createObjectNode().put("type", "thinking_delta").put("thinking", r)));
            }
            events.add(blockDelta(index, JSON.createObjectNode().put("type", "signature_delta")
                    .put("signature", signature(c))));
            events.add(blockStop(index++));
        }
        if (c.toolCall != null) {
            ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", c.toolCall.id())
                    .put("name", c.toolCall.name());
            block.putObject("input");
            events.add(blockStart(index, block));
            for (String part : split(c.toolCall.arguments())) {
                events.add(blockDelta(index, JSON.createObjectNode().put("type", "input_json_delta")
                        .put("partial_json", part)));
            }
            events.add(blockStop(index));
        } else {
            events.add(blockStart(index, JSON.createObjectNode().put("type", "text").put("text", "")));
            for (String t : c.tokens) {
                events.add(blockDelta(index, JSON.createObjectNode().put("type", "text_delta").put("text", t)));
            }
            events.add(blockStop(index));
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", anthropicStop(c)).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", c.outputTokens());
        events.add(event("message_delta", delta));
        events.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return events;
    }

    private static ObjectNode anthropicMessageHead(MockCompletion c, String model) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", "msg_" + Long.toHexString(c.seed));
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model);
        return m;
    }

    private static String blockStart(int index, ObjectNode block) {
        ObjectNode e = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        e.set("content_block", block);
        return event("content_block_start", e);
    }

    private static String blockDelta(int index, ObjectNode delta) {
        ObjectNode e = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        e.set("delta", delta);
        return event("content_block_delta", e);
    }

    private static String blockStop(int index) {
        return event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }

    private static String event(String type, ObjectNode data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    private static String anthropicStop(MockCompletion c) {
        return c.toolCall != null ? "tool_use" : c.truncated ? "max_tokens" : "end_turn";
    }

    private static String signature(MockCompletion c) {
        return "mocksig_" + Long.toHexString(c.seed);
    }

    /** Splits a JSON text into a few pieces, as streamed tool arguments arrive. */
    private static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int step = Math.max(4, s.length() / 3);
        for (int i = 0; i < s.length(); i += step) {
            parts.add(s.substring(i, Math.min(s.length(), i + step)));
        }
        return parts;
    }

    // ---- errors ----

    static String openAiError(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", status >= 500 ? "server_error" : "invalid_request_error")
                .putNull("param").putNull("code");
        return root.toString();
    }

    static String anthropicError(int status, String message) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", status == 401 ? "authentication_error" : status == 529 ? "overloaded_error"
                : status >= 500 ? "api_error" : "invalid_request_error").put("message", message);
        return root.toString();
    }
}
