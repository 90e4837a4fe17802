package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reads an exchange's {@code request} body straight off the parser, keeping only what its caller needs,
 * instead of building a tree of the whole body (contract §1: the body is the API's own JSON and is most
 * of a log line). Used by {@link ExchangeLogCodec#summaries}.
 */
@FunctionalInterface
public interface RequestReader<P> {

    /**
     * Reads the request object: the parser stands on its {@code START_OBJECT} and must be left on the
     * matching {@code END_OBJECT}. Never returns null.
     */
    P read(JsonParser parser) throws IOException;
}
