package io.stillwatch.gateway;

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
        long millis = clock.millis();
        long random = ThreadLocalRandom.current().nextLong();
        StringBuilder sb = new StringBuilder(30).append("x_");
        String t = Long.toHexString(millis & 0xFFFF_FFFF_FFFFL);
        sb.append("0".repeat(12 - t.length())).append(t);
        String r = Long.toHexString(random);
        sb.append("0".repeat(16 - r.length())).append(r);
        return sb.toString();
    }
}
