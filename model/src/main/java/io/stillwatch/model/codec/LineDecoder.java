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
}
