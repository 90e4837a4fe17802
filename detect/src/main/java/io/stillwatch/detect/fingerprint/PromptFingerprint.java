package io.stillwatch.detect.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fingerprint of one exchange's prompt: what the detector keeps of it, and what the exchange
 * log's {@code fingerprint} field carries (version {@link #VERSION}) for deployments that keep no
 * prompt text.
 *
 * @param template        hash of the template skeleton (recurring sentences, variable spans replaced);
 *                        0 when the prompt has no recurring part
 * @param bands           LSH band keys of the skeleton's MinHash signature; empty when {@code template} is 0
 * @param system          hash of the system prompt's skeleton (or of its normalised text), 0 when absent
 * @param systemBands     LSH band keys of the system prompt's skeleton; empty when it has none
 * @param tools           hash of the tool schemas (names and parameter names), 0 when absent
 * @param capability      what the prompt asks for
 * @param elicitsReasoning asks for step-by-step reasoning or sets a reasoning/thinking parameter
 * @param rubric          asks to grade or score a response against a rubric
 * @param userTurns       user messages in the request (1: single turn)
 * @param multiTurn       the request carries earlier assistant turns
 * @param promptChars     characters of user text
 */
public record PromptFingerprint(
        long template,
        long[] bands,
        long system,
        long[] systemBands,
        long tools,
        Capability capability,
        boolean elicitsReasoning,
        boolean rubric,
        int userTurns,
        boolean multiTurn,
        int promptChars) {

    public static final int VERSION = 1;
    private static final long[] NO_BANDS = new long[0];

    public PromptFingerprint {
        bands = bands == null ? NO_BANDS : bands;
        systemBands = systemBands == null ? NO_BANDS : systemBands;
        capability = capability == null ? Capability.OTHER : capability;
    }

    public boolean hasTemplate() {
        return template != 0;
    }

    public boolean singleTurn() {
        return !multiTurn && userTurns <= 1;
    }

    /** The JSON form written into the exchange log's {@code fingerprint} field. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("v", VERSION);
        n.put("template", Long.toHexString(template));
        ArrayNode b = n.putArray("bands");
        for (long band : bands) {
            b.add(Long.toHexString(band));
        }
        n.put("system", Long.toHexString(system));
        ArrayNode sb = n.putArray("system_bands");
        for (long band : systemBands) {
            sb.add(Long.toHexString(band));
        }
        n.put("tools", Long.toHexString(tools));
        n.put("capability", capability.wire());
        n.put("elicit", elicitsReasoning);
        n.put("rubric", rubric);
        n.put("turns", userTurns);
        n.put("multi_turn", multiTurn);
        n.put("chars", promptChars);
        return n;
    }

    /** Reads the JSON form; throws IllegalArgumentException naming the bad field. */
    public static PromptFingerprint fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("fingerprint: not an object (expected a version-1 fingerprint)");
        }
        int v = n.path("v").asInt(-1);
        if (v != VERSION) {
            throw new IllegalArgumentException("fingerprint.v: " + n.path("v") + " (expected: " + VERSION + ")");
        }
        long[] bands = hexArray(n.path("bands"), "fingerprint.bands");
        long[] systemBands = hexArray(n.path("system_bands"), "fingerprint.system_bands");
        Capability cap = Capability.OTHER;
        String c = n.path("capability").asText("other");
        for (Capability k : Capability.values()) {
            if (k.wire().equals(c)) {
                cap = k;
            }
        }
        return new PromptFingerprint(hex(n.get("template"), "fingerprint.template"), bands,
                hex(n.get("system"), "fingerprint.system"), systemBands, hex(n.get("tools"), "fingerprint.tools"), cap,
                n.path("elicit").asBoolean(false), n.path("rubric").asBoolean(false), n.path("turns").asInt(1),
                n.path("multi_turn").asBoolean(false), n.path("chars").asInt(0));
    }

    private static long[] hexArray(JsonNode node, String field) {
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hex(node.get(i), field);
        }
        return out;
    }

    private static long hex(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(node.asText(), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + node.asText() + "' (expected a 64-bit hex hash)");
        }
    }
}
