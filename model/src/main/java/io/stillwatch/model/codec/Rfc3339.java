package io.stillwatch.model.codec;

import java.nio.charset.StandardCharsets;
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

    /** The UTC date of the last formatted day, as {@code yyyy-MM-ddT}: shared immutable, replaced when the day changes. */
    private static volatile DayPrefix lastDay = new DayPrefix(Long.MIN_VALUE, new byte[0]);

    private record DayPrefix(long epochDay, byte[] text) {
    }

    /**
     * The contract's form, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, fraction truncated to milliseconds. Every
     * exchange-log line has one, so the common case (years 0000-9999) is written by position, with the
     * date part cached per UTC day; other years go to {@link DateTimeFormatter}, whose output (sign and
     * more digits) this equals everywhere (see Rfc3339Test).
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400L);
        DayPrefix day = lastDay;
        if (day.epochDay != epochDay) {
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                return WRITE.format(instant);
            }
            day = new DayPrefix(epochDay, dayPrefix(date));
            lastDay = day;
        }
        int secondOfDay = (int) (seconds - epochDay * 86_400L);
        int millis = instant.getNano() / 1_000_000;
        byte[] b = new byte[24];
        System.arraycopy(day.text, 0, b, 0, 11);
        two(b, 11, secondOfDay / 3600);
        b[13] = ':';
        two(b, 14, secondOfDay / 60 % 60);
        b[16] = ':';
        two(b, 17, secondOfDay % 60);
        b[19] = '.';
        b[20] = (byte) ('0' + millis / 100);
        two(b, 21, millis % 100);
        b[23] = 'Z';
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] dayPrefix(LocalDate date) {
        byte[] b = new byte[11];
        int year = date.getYear();
        two(b, 0, year / 100);
        two(b, 2, year % 100);
        b[4] = '-';
        two(b, 5, date.getMonthValue());
        b[7] = '-';
        two(b, 8, date.getDayOfMonth());
        b[10] = 'T';
        return b;
    }

    private static void two(byte[] b, int at, int value) {
        b[at] = (byte) ('0' + value / 10);
        b[at + 1] = (byte) ('0' + value % 10);
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
