package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExchangeIdsTest {

    /** The ids as they were built before the positional writer: padded Long.toHexString. */
    private static String reference(long millis, long random) {
        String t = Long.toHexString(millis & 0xFFFF_FFFF_FFFFL);
        String r = Long.toHexString(random);
        return "x_" + "0".repeat(12 - t.length()) + t + "0".repeat(16 - r.length()) + r;
    }

    @Test
    void format_randomAndEdgeValues_sameTextAsPaddedToHexString() {
        SplittableRandom rng = new SplittableRandom(7);
        long[] edges = {0, 1, 15, 16, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFF_FFFFL, 0x1_0000_0000_0000L};
        for (long m : edges) {
            for (long r : edges) {
                assertThat(ExchangeIds.format(m, r)).isEqualTo(reference(m, r));
            }
        }
        for (int i = 0; i < 100_000; i++) {
            long m = rng.nextLong(0, 1L << (1 + rng.nextInt(50)));
            long r = rng.nextLong() >>> rng.nextInt(64);
            assertThat(ExchangeIds.format(m, r)).isEqualTo(reference(m, r));
        }
    }

    @Test
    void next_startsWithTheClocksMillisInHex_andDiffersEachTime() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T07:00:00.123Z"), ZoneOffset.UTC);
        ExchangeIds ids = new ExchangeIds(clock);
        String a = ids.next();
        String b = ids.next();
        assertThat(a).hasSize(30).startsWith("x_" + String.format("%012x", clock.millis())).matches("x_[0-9a-f]{28}");
        assertThat(a).isNotEqualTo(b);
    }
}
