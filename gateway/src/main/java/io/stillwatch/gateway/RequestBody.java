package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.gateway.log.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A request body that {@link RequestCheck} parsed as one JSON object: the client's bytes, with the
 * tree built only when something needs it (a streamed chat request that must ask for usage, a
 * fingerprint in privacy mode). The exchange log gets the client's own bytes when they are strict
 * JSON on one line, so the common exchange never builds or re-encodes a tree.
 */
final class RequestBody {
    private final byte[] bytes;
    private final int start;
    private final int end;
    private final boolean copyable;
    private final boolean hasStreamOptions;
    private ObjectNode tree;

    /**
     * @param start    first byte of the object (leading whitespace skipped)
     * @param end      one past its last byte
     * @param copyable the bytes are strict JSON with no line break, fit for a JSON Lines record as they are
     * @param hasStreamOptions the object has a {@code stream_options} member (of any value)
     */
    RequestBody(byte[] bytes, int start, int end, boolean copyable, boolean hasStreamOptions) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.copyable = copyable;
        this.hasStreamOptions = hasStreamOptions;
    }

    private static final byte[] INCLUDE_USAGE =
            "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

    /**
     * The body with OpenAI's {@code stream_options.include_usage} set, so a stream ends with a usage
     * chunk: when the client sent no {@code stream_options}, the member is put first into the
     * client's own bytes (the check rejects duplicate keys, so it cannot clash); otherwise the tree
     * is copied and changed. Null when the client already asked for usage.
     */
    byte[] withUsageRequested() {
        if (!hasStreamOptions) {
            byte[] out = new byte[bytes.length + INCLUDE_USAGE.length];
            System.arraycopy(bytes, 0, out, 0, start + 1);
            System.arraycopy(INCLUDE_USAGE, 0, out, start + 1, INCLUDE_USAGE.length);
            System.arraycopy(bytes, start + 1, out, start + 1 + INCLUDE_USAGE.length, bytes.length - start - 1);
            return out;
        }
        if (tree().path("stream_options").path("include_usage").asBoolean(false)) {
            return null;
        }
        ObjectNode copy = tree().deepCopy();
        JsonNode so = copy.get("stream_options");
        ObjectNode options = so instanceof ObjectNode o ? o : copy.putObject("stream_options");
        options.put("include_usage", true);
        return copy.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The body as a tree, parsed on first use (the bytes are known to be a valid JSON object). */
    ObjectNode tree() {
        if (tree == null) {
            try {
                tree = (ObjectNode) RequestCheck.JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("request body parsed once already failed to parse again", e);
            }
        }
        return tree;
    }

    /** What the exchange log records as {@code request}: the client's bytes when possible, else the tree. */
    JsonNode forLog() {
        return copyable ? RawJson.of(bytes, start, end - start) : tree();
    }

    boolean copyable() {
        return copyable;
    }
}
