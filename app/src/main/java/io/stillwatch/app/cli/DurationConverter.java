package io.stillwatch.app.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Durations as operators write them: {@code 0}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, or ISO-8601 {@code PT1H30M}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.strip();
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
            switch (unit) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                case "d": return Duration.ofDays(n);
                default: break;
            }
        } else {
            try {
                return Duration.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("duration: '" + value + "' (expected: a number with a unit ms, s, m, h "
                + "or d, e.g. 24h, or ISO-8601 like PT1H30M)");
    }
}
