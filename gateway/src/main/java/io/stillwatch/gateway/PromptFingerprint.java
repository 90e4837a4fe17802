package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The prompt fingerprint the exchange log keeps in privacy mode, in place of the request body
 * (contract §1 {@code fingerprint}; version {@value #VERSION}, documented in docs/gateway.md).
 *
 * <p>Each text is normalised (Unicode-lower-cased, runs of whitespace collapsed to one space,
 * trimmed) and hashed with SHA-256 truncated to 64 bits (16 hex digits): enough to link identical
 * system prompts, user turns and tool schemas across accounts (what the detector's template
 * linkage needs) without keeping text. Counts and sampling parameters are copied as they are.
 */
final class PromptFingerprint {
    static final int VERSION = 1;
    private static final HexFormat HEX = HexFormat.of();

    private PromptFingerprint() {
    }

    static ObjectNode of(ObjectNode body) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode fp = f.objectNode();
        fp.put("v", VERSION);
        fp.put("alg", "sha256-64");
        StringBuilder system = new StringBuilder();
        if (body.has("system")) {
            system.append(text(body.get("system")));
        }
        var users = fp.putArray("user");
        int turns = 0;
        int userChars = 0;
        for (JsonNode m : body.path("messages")) {
            turns++;
            String role = m.path("role").asText();
            String content = text(m.get("content"));
            if ("system".equals(role) || "developer".equals(role)) {
                system.append(content);
            } else if ("user".equals(role)) {
                users.add(hash(content));
                userChars += content.length();
            }
        }
        if (system.length() > 0) {
            fp.put("system", hash(system.toString()));
        }
        if (body.has("tools")) {
            fp.put("tools", hash(body.get("tools").toString()));
            fp.put("tool_count", body.get("tools").size());
        }
        fp.put("turns", turns);
        fp.put("user_chars", userChars);
        for (String p : new String[] {"max_tokens", "max_completion_tokens", "temperature", "top_p", "n", "stream"}) {
            if (body.hasNonNull(p)) {
                fp.set(p, body.get(p));
            }
        }
        if (body.has("thinking")) {
            fp.put("thinking", true);
        }
        if (body.hasNonNull("reasoning_effort")) {
            fp.set("reasoning_effort", body.get("reasoning_effort"));
        }
        return fp;
    }

    /** A fingerprint for a body that could not be read as JSON: its size and hash only. */
    static ObjectNode ofRaw(byte[] body) {
        ObjectNode fp = JsonNodeFactory.instance.objectNode();
        fp.put("v", VERSION);
        fp.put("alg", "sha256-64");
        fp.put("body_bytes", body.length);
        if (body.length > 0) {
            fp.put("body", hashBytes(body));
        }
        return fp;
    }

    /** Concatenated text of a string or of an array of content blocks ({@code text} parts). */
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
                sb.append(part.get("text").asText()).append('\n');
            }
        }
        return sb.toString();
    }

    static String hash(String text) {
        String normalised = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        return hashBytes(normalised.getBytes(StandardCharsets.UTF_8));
    }

    private static String hashBytes(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HEX.formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
