package io.stillwatch.detect.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.model.ExchangeRecord;

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
        return fingerprint(PromptParts.of(req));
    }

    /** The fingerprint of a request body's parts; updates the sentence frequencies, so call in event-time order. */
    public PromptFingerprint fingerprint(PromptParts parts) {
        String text = parts.userText();
        skeleton.scan(text);
        long tools = parts.tools();
        // visible reasoning asked for in words; a reasoning/thinking parameter alone is ordinary use
        boolean elicit = skeleton.elicit;
        Capability cap;
        if (parts.images()) {
            cap = Capability.VISION;
        } else if (tools != 0 || parts.toolParts()) {
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
        String system = parts.systemText();
        if (!system.isEmpty()) {
            // paraphrased system prompts share their recurring sentences: sign the skeleton for LSH as well
            systemSkeleton.scan(system);
            systemHash = systemSkeleton.templateHash != 0 ? systemSkeleton.templateHash : normalisedHash(system);
            systemBands = systemSkeleton.bandKeys;
        }
        return new PromptFingerprint(skeleton.templateHash, skeleton.bandKeys, systemHash, systemBands, tools, cap,
                elicit, skeleton.rubric, parts.userTurns(), parts.assistant(), text.length());
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
        return PromptParts.toolsHash(tools);
    }
}
