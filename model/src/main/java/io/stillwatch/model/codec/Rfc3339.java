package io.stillwatch.model.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
        Instant fast = parseContractForm(text);
        if (fast != null) {
            return fast;
        }
        try {
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.toUpperCase(java.util.Locale.ROOT));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time (expected e.g. 2026-04-22T10:00:00.123Z)");
        }
    }

    /**
     * The contract's own layout, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, read by position: the general parser's
     * formatter machinery costs microseconds a line, and every line of the log has this form. Returns null
     * for anything else (other offsets and fraction lengths, leap seconds, invalid dates), which the general
     * parser then accepts or rejects with its message.
     */
    static Instant parseContractForm(String t) {
        if (t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != 't')
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != '.'
                || (t.charAt(23) != 'Z' && t.charAt(23) != 'z')) {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int millis = digits(t, 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0
                || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochMilli(epochDay * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1000L
                + millis);
    }

    /** The decimal number in {@code t[from, from + n)}, or -1 when a character there is not an ASCII digit. */
    private static int digits(String t, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
