package io.stillwatch.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exchange ids that sort by time and never collide in practice: {@code x_} + 12 hex digits of
 * milliseconds since the epoch + 16 hex digits of randomness (the layout of ULID / UUIDv7, RFC 9562
 * §5.7, in hex). 64 random bits per millisecond make a collision among a million ids in the same
 * millisecond about 3e-8 likely.
 */
final class ExchangeIds {
    private final Clock clock;

    ExchangeIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        return format(clock.millis(), ThreadLocalRandom.current().nextLong());
    }

    /** {@code x_}, the low 48 bits of {@code millis} in 12 hex digits, {@code random} in 16: written by position. */
    static String format(long millis, long random) {
        byte[] b = new byte[30];
        b[0] = 'x';
        b[1] = '_';
        hex(b, 2, millis, 12);
        hex(b, 14, random, 16);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void hex(byte[] b, int at, long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            b[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
}
