package io.stillwatch.detect.features;

import io.stillwatch.detect.fingerprint.Capability;
import io.stillwatch.detect.fingerprint.PromptFingerprint;

/**
 * One account's behaviour over sliding windows, in fixed space (about 200 bytes).
 *
 * <p>Shares (single-turn, reasoning elicitation, rubric grading, templated prompts, capability focus,
 * traffic to a newly released model) and token volumes are exponentially decayed counters with
 * half-life {@code halfLifeDays}: a sliding window of constant size, the standard decayed-aggregate
 * technique for data streams (Cormode, Korn and Tirthapura, ICDE 2009). Daily spread keeps, for each of
 * the last seven days, a 24-bit mask of active hours (a ring of days). Inter-arrival regularity is an
 * exponentially weighted mean and variance of log inter-arrival times (coefficient of variation near
 * 0: clockwork; near or above 1: human). Template diversity is a 4-slot Space-Saving summary of the
 * account's templates (Metwally, Agrawal and El Abbadi, ICDT 2005): the top template's share.
 */
public final class AccountBehaviour {
    static final int TOTAL = 0, SINGLE = 1, ELICIT = 2, RUBRIC = 3, TEMPLATED = 4, NEW_MODEL = 5,
            IN_TOKENS = 6, OUT_TOKENS = 7, REASONING_TOKENS = 8, HARVEST = 9, FLEET = 10, CAP0 = 11;
    private static final int COUNTERS = CAP0 + Capability.values().length;
    private static final int TOP = 4;
    private static final int DAYS = 7;
    private static final double EWMA = 0.05;

    private final float[] decayed = new float[COUNTERS];
    private long decayedAtMillis;
    private int exchanges;
    private long lastMillis = Long.MIN_VALUE;
    private float gapMean;
    private float gapVar;
    private int gaps;
    private final int[] hourMasks = new int[DAYS];
    private long lastDay = Long.MIN_VALUE;
    private final long[] topTemplates = new long[TOP];
    private final int[] topCounts = new int[TOP];
    private int templated;
    private int harvested;

    /** Records one exchange; returns true when {@code template} is new to this account's summary. */
    public boolean observe(long tsMillis, PromptFingerprint fp, boolean harvest, long inTokens, long outTokens, long reasoningTokens,
                           boolean newModel, double halfLifeDays) {
        decayTo(tsMillis, halfLifeDays);
        exchanges++;
        add(TOTAL, 1);
        add(SINGLE, fp.singleTurn() ? 1 : 0);
        add(ELICIT, fp.elicitsReasoning() ? 1 : 0);
        add(RUBRIC, fp.rubric() ? 1 : 0);
        add(TEMPLATED, fp.hasTemplate() ? 1 : 0);
        add(NEW_MODEL, newModel ? 1 : 0);
        add(IN_TOKENS, inTokens);
        add(OUT_TOKENS, outTokens);
        add(REASONING_TOKENS, reasoningTokens);
        add(HARVEST, harvest ? 1 : 0);
        add(FLEET, harvest ? 1 : 0);
        if (harvest) {
            harvested++;
        }
        add(CAP0 + fp.capability().ordinal(), 1);
        if (lastMillis != Long.MIN_VALUE && tsMillis > lastMillis) {
            float g = (float) Math.log1p((tsMillis - lastMillis) / 1000.0);
            if (gaps == 0) {
                gapMean = g;
            } else {
                float d = g - gapMean;
                gapMean += (float) (EWMA * d);
                gapVar = (float) ((1 - EWMA) * (gapVar + EWMA * d * d));
            }
            gaps++;
        }
        lastMillis = Math.max(lastMillis, tsMillis);
        long day = Math.floorDiv(tsMillis, 86_400_000L);
        if (day > lastDay) {
            for (long d = Math.max(lastDay + 1, day - DAYS + 1); d <= day; d++) {
                hourMasks[(int) Math.floorMod(d, DAYS)] = 0;
            }
            lastDay = day;
        }
        if (day > lastDay - DAYS) {
            int hour = (int) Math.floorMod(tsMillis / 3_600_000L, 24L);
            hourMasks[(int) Math.floorMod(day, DAYS)] |= 1 << hour;
        }
        return fp.hasTemplate() && countTemplate(fp.template());
    }

    private boolean countTemplate(long template) {
        templated++;
        int min = 0;
        for (int i = 0; i < TOP; i++) {
            if (topCounts[i] > 0 && topTemplates[i] == template) {
                topCounts[i]++;
                return false;
            }
            if (topCounts[i] < topCounts[min]) {
                min = i;
            }
        }
        topTemplates[min] = template;
        topCounts[min]++;
        return true;
    }

    private void add(int i, double v) {
        decayed[i] += (float) v;
    }

    private void decayTo(long tsMillis, double halfLifeDays) {
        if (tsMillis <= decayedAtMillis) {
            return;
        }
        if (decayedAtMillis != 0) {
            double f = Math.pow(0.5, (tsMillis - decayedAtMillis) / (halfLifeDays * 86_400_000.0));
            for (int i = 0; i < decayed.length; i++) {
                decayed[i] *= (float) f;
            }
        }
        decayedAtMillis = tsMillis;
    }

    public int exchanges() {
        return exchanges;
    }

    /**
     * Reads, and changes nothing of, the arrays {@link #observe} reads and writes, for the engine's prefetch; returns
     * a value made of what it read, so that the reads stay.
     */
    public long touch() {
        return exchanges + (long) decayed[0] + hourMasks[0] + topTemplates[0] + topCounts[0];
    }

    /** Harvesting-like exchanges over the account's lifetime. */
    public int harvested() {
        return harvested;
    }

    private double share(int i) {
        return decayed[TOTAL] <= 0 ? 0 : decayed[i] / decayed[TOTAL];
    }

    public double singleTurnShare() {
        return share(SINGLE);
    }

    /** Share of harvesting-like exchanges ({@code HarvestSignal}). */
    public double harvestShare() {
        return share(HARVEST);
    }

    /**
     * Harvesting share shrunk towards an ordinary prior ({@code prior} with the weight of {@code k} exchanges),
     * so that an account's first few exchanges cannot make it look like a harvester.
     */
    public double harvestShareShrunk(double prior, double k) {
        return (decayed[HARVEST] + prior * k) / (decayed[TOTAL] + k);
    }

    /**
     * Counts the exchange just observed, which did not look like harvesting by itself, as a fleet's work: its prompt
     * or tool schema is one that a burst of new, harvesting accounts shares ({@code ThingWeigher#fleetContent}).
     */
    public void fleetWork() {
        add(FLEET, 1);
    }

    /** Share of exchanges that look like harvesting or are a fleet's work ({@link #fleetWork}). */
    public double fleetShare() {
        return share(FLEET);
    }

    /** As {@link #harvestShareShrunk}, counting a fleet's work ({@link #fleetWork}) as harvesting too. */
    public double fleetShareShrunk(double prior, double k) {
        return (decayed[FLEET] + prior * k) / (decayed[TOTAL] + k);
    }

    public double elicitationShare() {
        return share(ELICIT);
    }

    public double rubricShare() {
        return share(RUBRIC);
    }

    public double templatedShare() {
        return share(TEMPLATED);
    }

    public double newModelShare() {
        return share(NEW_MODEL);
    }

    public double capabilityShare(Capability c) {
        return share(CAP0 + c.ordinal());
    }

    /** The capability with the largest decayed share. */
    public Capability focus() {
        Capability best = Capability.OTHER;
        for (Capability c : Capability.values()) {
            if (decayed[CAP0 + c.ordinal()] > decayed[CAP0 + best.ordinal()]) {
                best = c;
            }
        }
        return best;
    }

    /** Output tokens per input token over the window (the token mix). */
    public double outputRatio() {
        return decayed[IN_TOKENS] <= 0 ? 0 : decayed[OUT_TOKENS] / decayed[IN_TOKENS];
    }

    /** Decayed exchanges per day over the window. */
    public double dailyVolume(double halfLifeDays) {
        return decayed[TOTAL] / (halfLifeDays / Math.log(2));
    }

    /** Distinct active hours of the day over the last seven days, 0..24. */
    public int activeHours() {
        int all = 0;
        for (int m : hourMasks) {
            all |= m;
        }
        return Integer.bitCount(all);
    }

    /** Coefficient of variation of log inter-arrival times; NaN before a few gaps. */
    public double interArrivalCv() {
        if (gaps < 5 || gapMean <= 0) {
            return Double.NaN;
        }
        return Math.sqrt(gapVar) / gapMean;
    }

    /** Share of templated exchanges going to the most used template: 1 means a single template. */
    public double topTemplateShare() {
        int max = 0;
        for (int c : topCounts) {
            max = Math.max(max, c);
        }
        return templated == 0 ? 0 : (double) max / templated;
    }
}
