package io.stillwatch.detect.linkage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LockstepTest {
    private static final long MINUTE = 60_000L;

    /** {@code holders} accounts, one exchange each per 15-minute period for a day, within {@code spreadMs} of the period's wave. */
    private static Lockstep periods(int holders, long spreadMs, long seed) {
        Lockstep l = new Lockstep();
        var rng = new SplittableRandom(seed);
        for (int k = 0; k < 96; k++) {
            long wave = k * 15 * MINUTE + rng.nextLong(5 * MINUTE);
            long[] times = new long[holders];
            for (int i = 0; i < holders; i++) {
                times[i] = (wave + rng.nextLong(spreadMs)) * holders + i; // low digits carry the holder through the sort
            }
            Arrays.sort(times);
            for (long t : times) {
                l.observe((int) (t % holders), t / holders);
            }
        }
        return l;
    }

    @Test
    void synchrony_fleetFiringInWaves_nearOne() {
        Lockstep waves = periods(20, 45_000, 1);
        assertThat(waves.synchrony()).isGreaterThan(0.9);
        assertThat(waves.ratio()).isGreaterThan(10);
    }

    @Test
    void synchrony_independentHolders_notLockstep() {
        for (long seed = 1; seed <= 3; seed++) {
            Lockstep independent = periods(20, 15 * MINUTE, seed);
            assertThat(independent.synchrony()).isBetween(-0.3, 0.2);
        }
    }

    @Test
    void synchrony_oneHoldersOwnBursts_notLockstep() {
        // one account's agent loop, fifty calls in fifty seconds every ten minutes; two quiet holders beside it
        Lockstep l = new Lockstep();
        for (int k = 0; k < 100; k++) {
            for (int turn = 0; turn < 50; turn++) {
                l.observe(1, k * 10 * MINUTE + turn * 1_000L);
            }
            l.observe(2 + k % 2, k * 10 * MINUTE + 7 * MINUTE);
        }
        assertThat(l.synchrony()).isLessThan(0.2);
    }

    @Test
    void synchrony_tooLittleEvidence_zero() {
        Lockstep l = new Lockstep();
        for (int i = 0; i < Lockstep.MIN_EVIDENCE / 4; i++) {
            l.observe(i % 3, 1_000L * i);
        }
        assertThat(l.synchrony()).isZero();
    }

    @Test
    void sharedThing_twoHoldersInStep_noLockstepKept() {
        // two holders in step are a household as often as a fleet: the thing keeps no lockstep until three hold it
        SharedThing pair = new SharedThing(ThingKind.SIGNUP_IP, "v", 0);
        pair.join("a", 0, false, false, 0);
        pair.join("b", 0, false, false, 0);
        for (int k = 0; k < 200; k++) {
            pair.observe(0, false, k * 15 * MINUTE);
            pair.observe(1, false, k * 15 * MINUTE + 1_000);
        }
        assertThat(pair.synchrony()).isZero();
        pair.join("c", 0, false, false, 0);
        for (int k = 200; k < 400; k++) {
            for (int i = 0; i < 3; i++) {
                pair.observe(i, false, k * 15 * MINUTE + i * 1_000L);
            }
        }
        assertThat(pair.synchrony()).isGreaterThan(0.9);
    }
}
