package io.stillwatch.sim;

import java.util.SplittableRandom;

/** When an account starts its next session. {@link #NEVER} when it is done. */
interface Schedule {
    long NEVER = Long.MAX_VALUE;

    long nextSession(long after, SplittableRandom rng);

    /**
     * Independent sessions: a Poisson process of {@code perDay} sessions a day on average, thinned
     * by the rhythm, inside [from, until).
     */
    static Schedule poisson(Rhythm rhythm, double perDay, long from, long until) {
        double peakPerMs = perDay / rhythm.acceptance() / Rhythm.DAY;
        return (after, rng) -> {
            long t = Math.max(after, from);
            while (true) {
                t += (long) Math.ceil(-Math.log(1.0 - rng.nextDouble()) / peakPerMs);
                if (t >= until) {
                    return NEVER;
                }
                if (rng.nextDouble() < rhythm.weight(t)) {
                    return t;
                }
            }
        };
    }

    /** A single session at {@code t} (a one-off run), then nothing. */
    static Schedule once(long t) {
        return (after, rng) -> after <= t ? t : NEVER;
    }

    /**
     * Lockstep: the campaign fires waves every {@code periodMs} (with a jitter the whole campaign
     * shares, and only in hours its rhythm allows, decided per wave for all accounts alike); each
     * account joins a wave with probability {@code join} and sends within {@code spreadMs} of it.
     */
    static Schedule waves(long salt, long periodMs, Rhythm rhythm, double join, long spreadMs, long from, long until) {
        return (after, rng) -> {
            long k = Math.max(0, Math.floorDiv(after - from, periodMs) - 1);
            while (true) {
                long base = from + k * periodMs;
                if (base >= until) {
                    return NEVER;
                }
                long h = Ids.mix(salt ^ Ids.mix(k));
                long wave = base + Math.floorMod(h, periodMs / 3);
                double shared = (h >>> 11) * 0x1.0p-53;
                k++;
                if (wave <= after || shared >= rhythm.weight(wave) || rng.nextDouble() >= join) {
                    continue;
                }
                long t = wave + (spreadMs <= 0 ? 0 : rng.nextLong(spreadMs));
                if (t > after && t < until) {
                    return t;
                }
            }
        };
    }
}
