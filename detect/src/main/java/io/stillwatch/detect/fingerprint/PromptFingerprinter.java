package io.stillwatch.detect.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.model.ExchangeRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Computes the {@link PromptFingerprint} of an exchange from its request body (OpenAI chat completions
 * or Anthropic messages JSON), or reads it from the log's {@code fingerprint} field when the request
 * was not kept. Template: the last user message's skeleton ({@link TemplateSkeleton}); system prompt:
 * its normalised text hashed; tools: tool names and parameter names, sorted, hashed.
 *
 * <p>Stateful (the sentence frequencies that tell template text from payload) and not thread-safe:
 * one instance per detection engine. Memory is fixed at construction.
 */
public final class PromptFingerprinter {
    private final TemplateSkeleton skeleton;
    private final TemplateSkeleton systemSkeleton;
    private final StringBuilder text = new StringBuilder(1024);

    /**
     * @param minSentenceCount a sentence seen at least this often is template text
     * @param maxChars         characters of user text read per exchange
     */
    public PromptFingerprinter(int sketchWidthLog2, int minSentenceCount, int maxChars, int bins, int bands) {
        if (minSentenceCount < 2) {
            throw new IllegalArgumentException("min sentence count: " + minSentenceCount + " (expected: >= 2)");
        }
        if (maxChars < 64) {
            throw new IllegalArgumentException("max prompt chars: " + maxChars + " (expected: >= 64)");
        }
        SentenceFrequency frequency = new SentenceFrequency(4, sketchWidthLog2);
        this.skeleton = new TemplateSkeleton(frequency, new MinHashSketch(bins, bands), minSentenceCount, maxChars, 4);
        this.systemSkeleton = new TemplateSkeleton(frequency, new MinHashSketch(bins, bands), minSentenceCount,
                maxChars, 4);
    }

    /** Defaults: 4 x 2^18 sketch, sentences seen 3 times are template, 8 KiB of text, 32 bins in 8 bands. */
    public static PromptFingerprinter withDefaults() {
        return new PromptFingerprinter(18, 3, 8192, 32, 8);
    }

    public PromptFingerprint fingerprint(ExchangeRecord x) {
        JsonNode req = x.request();
        if (req == null || !req.isObject()) {
            return PromptFingerprint.fromJson(x.fingerprint());
        }
        return fingerprint(req);
    }

    public PromptFingerprint fingerprint(JsonNode req) {
        JsonNode messages = req.path("messages");
        int userTurns = 0;
        boolean assistant = false;
        boolean images = false;
        boolean toolParts = false;
        JsonNode lastUser = null;
        StringBuilder system = null;
        if (req.has("system")) {
            system = new StringBuilder();
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
                case "system", "developer" -> {
                    if (system == null) {
                        system = new StringBuilder();
                    }
                    appendText(content, system);
                }
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
        text.setLength(0);
        if (lastUser != null) {
            appendText(lastUser, text);
        }
        skeleton.scan(text);
        long tools = toolsHash(req.path("tools"));
        // visible reasoning asked for in words; a reasoning/thinking parameter alone is ordinary use
        boolean elicit = skeleton.elicit;
        Capability cap;
        if (images) {
            cap = Capability.VISION;
        } else if (tools != 0 || toolParts) {
            cap = Capability.AGENTIC;
        } else if (skeleton.codingHits > 0 && skeleton.codingHits >= skeleton.reasoningHits) {
            cap = Capability.CODING;
        } else if (skeleton.reasoningHits > 0 || skeleton.elicit) {
            cap = Capability.REASONING;
        } else {
            cap = Capability.OTHER;
        }
        long systemHash = 0;
        long[] systemBands = null;
        if (system != null && system.length() > 0) {
            // paraphrased system prompts share their recurring sentences: sign the skeleton for LSH as well
            systemSkeleton.scan(system);
            systemHash = systemSkeleton.templateHash != 0 ? systemSkeleton.templateHash : normalisedHash(system);
            systemBands = systemSkeleton.bandKeys;
        }
        return new PromptFingerprint(skeleton.templateHash, skeleton.bandKeys, systemHash, systemBands, tools, cap,
                elicit, skeleton.rubric, userTurns, assistant, text.length());
    }

    private static void appendText(JsonNode content, StringBuilder out) {
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

    private static long normalisedHash(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space) {
                h = (h ^ ' ') * 0x100000001b3L;
                space = false;
            }
            h = (h ^ Character.toLowerCase(c)) * 0x100000001b3L;
        }
        long m = Hashing.mix(h);
        return m == 0 ? 1 : m;
    }

    /** Tool schema fingerprint: sorted tool names, each with its sorted parameter names. */
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
            Collections.sort(params);
            sigs.add(fn.path("name").asText("") + "(" + String.join(",", params) + ")");
        }
        Collections.sort(sigs);
        long h = Hashing.hash(String.join(";", sigs));
        return h == 0 ? 1 : h;
    }
}
