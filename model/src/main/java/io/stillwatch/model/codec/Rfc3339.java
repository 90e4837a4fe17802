package io.stillwatch.model.codec;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as the contract writes them: RFC 3339, UTC, milliseconds ({@code 2026-04-22T10:00:00.123Z}).
 * Parsing also accepts other offsets and fraction lengths, since RFC 3339 allows them.
 */
public final class Rfc3339 {
    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    public static String format(Instant instant) {
        return WRITE.format(instant);
    }

    /** Parses an RFC 3339 time; throws {@link IllegalArgumentException} quoting the bad value. */
    public static Instant parse(String text) {
        try {
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.toUpperCase(java.util.Locale.ROOT));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time (expected e.g. 2026-04-22T10:00:00.123Z)");
        }
    }
}
