package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void admit_floodOfOneKind_letsAFewThroughAndCountsTheRest() {
        LogThrottle t = new LogThrottle(SECOND, 3);
        long now = 5 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(t.admit("slow|reset", now + i)).isZero();
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(t.admit("slow|reset", now + 10 + i)).isEqualTo(-1);
        }
        // another kind is not held back by this one
        assertThat(t.admit("slow|timeout", now + 5_000)).isZero();
        // the next window's first line says how many were held back
        assertThat(t.admit("slow|reset", now + SECOND)).isEqualTo(2_000);
        assertThat(t.admit("slow|reset", now + SECOND + 1)).isZero();
    }

    @Test
    void constructor_nonsense_refused() {
        assertThatThrownBy(() -> new LogThrottle(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogThrottle(SECOND, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
