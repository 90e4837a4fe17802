package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final long DAY = Rhythm.DAY;

    @Test
    void poisson_overManyDays_averagesTheRequestedRate() {
        Schedule s = Schedule.poisson(Rhythm.human(-5), 4.0, 0, 400 * DAY);
        SplittableRandom rng = new SplittableRandom(1);
        long t = 0;
        int n = 0;
        while ((t = s.nextSession(t, rng)) != Schedule.NEVER) {
            n++;
        }
        assertThat(n / 400.0).isBetween(3.7, 4.3);
    }

    @Test
    void poisson_humanRhythm_isQuietAtNight() {
        Schedule s = Schedule.poisson(Rhythm.human(0), 50.0, 0, 100 * DAY);
        SplittableRandom rng = new SplittableRandom(2);
        long t = 0;
        int night = 0, evening = 0;
        while ((t = s.nextSession(t, rng)) != Schedule.NEVER) {
            int hour = (int) (t / Rhythm.HOUR % 24);
            night += hour >= 3 && hour < 5 ? 1 : 0;
            evening += hour >= 20 && hour < 22 ? 1 : 0;
        }
        assertThat(evening).isGreaterThan(10 * night);
    }

    @Test
    void waves_twoAccounts_fireInTheSameWaves() {
        Schedule s = Schedule.waves(99, 15 * 60_000L, Rhythm.window(0, 24, 1), 1.0, 0, 0, DAY);
        Set<Long> a = new HashSet<>(), b = new HashSet<>();
        SplittableRandom ra = new SplittableRandom(3), rb = new SplittableRandom(4);
        for (long t = 0; (t = s.nextSession(t, ra)) != Schedule.NEVER; ) {
            a.add(t);
        }
        for (long t = 0; (t = s.nextSession(t, rb)) != Schedule.NEVER; ) {
            b.add(t);
        }
        assertThat(a).hasSizeGreaterThan(80).isEqualTo(b);
    }
}
