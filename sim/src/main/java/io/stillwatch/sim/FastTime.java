package io.stillwatch.sim;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3339 UTC with milliseconds ({@code 2026-05-04T10:00:00.123Z}), the contract's format, without
 * java.time formatting: the date part is cached per day, so formatting is a few array writes.
 * Output is identical to {@code Rfc3339.format} (a test checks it).
 */
final class FastTime {
    private static final int LENGTH = 24;
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] buf = "0000-00-00T00:00:00.000Z".getBytes(StandardCharsets.US_ASCII);

    String format(long epochMillis) {
        if (!fill(epochMillis)) {
            return io.stillwatch.model.codec.Rfc3339.format(java.time.Instant.ofEpochMilli(epochMillis));
        }
        return new String(buf, StandardCharsets.US_ASCII);
    }

    /** Writes the time as a quoted JSON string. */
    void write(long epochMillis, JsonBytes out) {
        if (!fill(epochMillis)) {
            out.string(format(epochMillis));
            return;
        }
        out.raw((byte) '"');
        out.raw(buf, 0, LENGTH);
        out.raw((byte) '"');
    }

    /** False for years outside 0000-9999, which the caller formats the slow way. */
    private boolean fill(long epochMillis) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        if (day != cachedDay) {
            String date = java.time.LocalDate.ofEpochDay(day).toString();
            if (date.length() != 10) {
                return false;
            }
            for (int i = 0; i < 10; i++) {
                buf[i] = (byte) date.charAt(i);
            }
            cachedDay = day;
        }
        int ms = (int) Math.floorMod(epochMillis, 86_400_000L);
        int h = ms / 3_600_000;
        int m = ms / 60_000 % 60;
        int s = ms / 1000 % 60;
        int f = ms % 1000;
        buf[11] = (byte) ('0' + h / 10);
        buf[12] = (byte) ('0' + h % 10);
        buf[14] = (byte) ('0' + m / 10);
        buf[15] = (byte) ('0' + m % 10);
        buf[17] = (byte) ('0' + s / 10);
        buf[18] = (byte) ('0' + s % 10);
        buf[20] = (byte) ('0' + f / 100);
        buf[21] = (byte) ('0' + f / 10 % 10);
        buf[22] = (byte) ('0' + f % 10);
        return true;
    }
}
