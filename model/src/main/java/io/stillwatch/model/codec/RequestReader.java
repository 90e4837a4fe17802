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

    /**
     * Reads the request object from the scanner, which stands before its opening brace, and leaves it after
     * the closing one: the same result as {@link #read(JsonParser)} on the same bytes, or {@link
     * JsonScanner.Declined} for anything read differently or not at all (the line is then read with the
     * parser). The default checks the object's JSON with the scanner and reads its bytes with a parser.
     */
    default P read(JsonScanner in) throws IOException {
        int from = in.position();
        in.skipValue();
        try (JsonParser p = JsonScanner.JSON.createParser(in.bytes(), from, in.position() - from)) {
            p.nextToken();
            return read(p);
        }
    }
}
