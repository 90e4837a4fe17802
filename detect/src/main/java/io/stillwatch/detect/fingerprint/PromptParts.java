package io.stillwatch.detect.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a fingerprint reads from a request body (OpenAI chat completions or Anthropic messages JSON),
 * before any state is involved: the last user message's text, the system prompt's text (top-level
 * {@code system} and {@code system}/{@code developer} messages), the tool schemas' hash and the shape of
 * the conversation. {@link PromptFingerprinter} turns it into a {@link PromptFingerprint}.
 *
 * <p>Two readers produce it and must agree exactly: {@link #of(JsonNode)} from a parsed tree, and
 * {@link PromptPartsReader} straight off the parser (replay, where building a tree of every body was the
 * largest cost).
 *
 * @param userText   the last user message's text parts, each followed by a newline; "" when there is none
 * @param systemText the system prompt's text parts, each followed by a newline; "" when there is none
 * @param tools      hash of the tool schemas ({@link #toolsHash}), 0 when there are none
 * @param userTurns  user messages in the request
 * @param assistant  the request carries earlier assistant turns
 * @param images     a message has an image part
 * @param toolParts  a message is a tool result, has tool calls or tool parts
 */
public record PromptParts(String userText, String systemText, long tools, int userTurns, boolean assistant,
                          boolean images, boolean toolParts) {

    /** Reads the parts of a request body tree. */
    public static PromptParts of(JsonNode req) {
        JsonNode messages = req.path("messages");
        int userTurns = 0;
        boolean assistant = false;
        boolean images = false;
        boolean toolParts = false;
        JsonNode lastUser = null;
        StringBuilder system = new StringBuilder();
        if (req.has("system")) {
            appendText(req.get("system"), system);
        }
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            JsonNode content = m.path("content");
            switch (role) {
                case "user" -> {
                    userTurns++;
                    lastUser = content;
                }
                case "assistant" -> assistant = true;
                case "system", "developer" -> appendText(content, system);
                case "tool" -> toolParts = true;
                default -> { }
            }
            if (content.isArray()) {
                for (JsonNode part : content) {
                    String type = part.path("type").asText("");
                    if (type.startsWith("image")) {
                        images = true;
                    } else if (type.startsWith("tool")) {
                        toolParts = true;
                    }
                }
            }
            if (m.has("tool_calls")) {
                toolParts = true;
            }
        }
        StringBuilder text = new StringBuilder();
        if (lastUser != null) {
            appendText(lastUser, text);
        }
        return new PromptParts(text.toString(), system.toString(), toolsHash(req.path("tools")), userTurns, assistant,
                images, toolParts);
    }

    /** A message's content: a string, or an array of strings and parts with a {@code text} field. */
    static void appendText(JsonNode content, StringBuilder out) {
        if (content == null) {
            return;
        }
        if (content.isTextual()) {
            out.append(content.asText()).append('\n');
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    out.append(part.asText()).append('\n');
                } else if (part.has("text")) {
                    out.append(part.path("text").asText()).append('\n');
                }
            }
        }
    }

    /** Tool schema fingerprint: sorted tool names, each with its sorted parameter names; 0 without tools. */
    static long toolsHash(JsonNode tools) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return 0;
        }
        List<String> sigs = new ArrayList<>(tools.size());
        for (JsonNode t : tools) {
            JsonNode fn = t.has("function") ? t.get("function") : t;
            JsonNode schema = fn.has("parameters") ? fn.get("parameters") : fn.path("input_schema");
            List<String> params = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(params::add);
            sigs.add(signature(fn.path("name").asText(""), params));
        }
        return toolsHash(sigs);
    }

    /** {@code name(p1,p2,...)} with the parameter names sorted. */
    static String signature(String name, List<String> params) {
        Collections.sort(params);
        return name + "(" + String.join(",", params) + ")";
    }

    static long toolsHash(List<String> signatures) {
        Collections.sort(signatures);
        long h = Hashing.hash(String.join(";", signatures));
        return h == 0 ? 1 : h;
    }
}
