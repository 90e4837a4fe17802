package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Turns one JSON Lines object into a record. {@link JsonLinesReader} needs only this half of a
 * {@link LineCodec}, so a read-only view of a format (such as {@link ExchangeLogCodec#summaries}) is a
 * decoder without an encoder. Throws {@link LineCodec.ContractViolation} for a line that parses as JSON but
 * breaks the contract.
 */
@FunctionalInterface
public interface LineDecoder<T> {

    /** Reads one object; the parser stands on its {@code START_OBJECT}. */
    T decode(JsonParser parser) throws IOException;

    /**
     * A faster way to the same record, straight from the line's bytes {@code line[from, to)} (no
     * {@code \n}): returns the record {@link #decode(JsonParser)} would return, or null to leave the line
     * to it (for anything this path does not fully accept, including every malformed line, so errors are
     * the parser's). The default has no such path.
     */
    default T decode(byte[] line, int from, int to) throws IOException {
        return null;
    }
}
