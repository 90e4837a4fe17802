package io.stillwatch.model.codec;

import java.io.IOException;

/** Records read one at a time, in order: a {@link JsonLinesReader}, or a {@link ReadAhead} running one. */
@FunctionalInterface
public interface RecordSource<T> {
    /**
     * The next record, or {@code null} at the end.
     *
     * @throws MalformedLineException at a malformed line the source does not skip
     * @throws IOException            when the input cannot be read
     */
    T next() throws IOException, MalformedLineException;
}
