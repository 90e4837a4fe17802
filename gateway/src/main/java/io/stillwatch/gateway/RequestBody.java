package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.gateway.log.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;

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
    private ObjectNode tree;

    /**
     * @param start    first byte of the object (leading whitespace skipped)
     * @param end      one past its last byte
     * @param copyable the bytes are strict JSON with no line break, fit for a JSON Lines record as they are
     */
    RequestBody(byte[] bytes, int start, int end, boolean copyable) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.copyable = copyable;
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
