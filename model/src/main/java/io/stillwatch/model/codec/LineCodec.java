package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Turns one JSON Lines object into a record and back. {@link #decode} throws
 * {@link ContractViolation} for a line that parses as JSON but breaks the contract.
 */
public interface LineCodec<T> extends LineDecoder<T> {

    /** Reads one object; the parser stands on its {@code START_OBJECT}. */
    @Override
    T decode(JsonParser parser) throws IOException;

    /** Writes one object, without the line terminator. */
    void encode(T record, JsonGenerator generator) throws IOException;

    /** A line that is valid JSON but not a valid record. */
    final class ContractViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ContractViolation(String message) {
            super(message, null, false, false);
        }
    }
}
