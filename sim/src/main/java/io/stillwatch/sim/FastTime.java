package io.stillwatch.sim;

/**
 * RFC 3339 UTC with milliseconds ({@code 2026-05-04T10:00:00.123Z}), the contract's format, without
 * java.time formatting: the date part is cached per day, so formatting is a few array writes.
 * Output is identical to {@code Rfc3339.format} (a test checks it).
 */
final class FastTime {
    private long cachedDay = Long.MIN_VALUE;
    private final char[] buf = "0000-00-00T00:00:00.000Z".toCharArray();

    String format(long epochMillis) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        if (day != cachedDay) {
            String date = java.time.LocalDate.ofEpochDay(day).toString();
            if (date.length() != 10) {
                return io.stillwatch.model.codec.Rfc3339.format(java.time.Instant.ofEpochMilli(epochMillis));
            }
            date.getChars(0, 10, buf, 0);
            cachedDay = day;
        }
        int ms = (int) Math.floorMod(epochMillis, 86_400_000L);
        int h = ms / 3_600_000;
        int m = ms / 60_000 % 60;
        int s = ms / 1000 % 60;
        int f = ms % 1000;
        buf[11] = (char) ('0' + h / 10);
        buf[12] = (char) ('0' + h % 10);
        buf[14] = (char) ('0' + m / 10);
        buf[15] = (char) ('0' + m % 10);
        buf[17] = (char) ('0' + s / 10);
        buf[18] = (char) ('0' + s % 10);
        buf[20] = (char) ('0' + f / 100);
        buf[21] = (char) ('0' + f / 10 % 10);
        buf[22] = (char) ('0' + f % 10);
        return new String(buf);
    }
}
