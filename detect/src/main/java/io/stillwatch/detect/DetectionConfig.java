package io.stillwatch.detect;

import io.stillwatch.detect.linkage.ThingKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the detection engine can be tuned with; immutable, validated when built. Defaults are
 * the values measured in docs/detection.md; {@link #defaults()} is what {@code stillwatch replay} uses.
 *
 * @param flagThreshold         an account is flagged when its linkage score reaches this (0..1]
 * @param edgeThreshold         a shared thing of at least this weight groups flagged accounts into one campaign
 * @param kindWeights           base weight of each kind of shared thing, each in [0, 1]
 * @param sizeSaturation        group size at which sharing counts fully (>= 2)
 * @param spreadTau             sign-up spread at which a group's concentration factor halves
 * @param hubSize               holders beyond which a thing is damped as a hub
 * @param harvestLow            holders' harvesting share at or below which a group looks benign
 * @param harvestHigh           holders' harvesting share at or above which a group clearly harvests
 * @param minGroupExchanges     exchanges a group needs before its behaviour is judged
 * @param established           account age from which an account is long-standing
 * @param halfLife              half-life of the per-account sliding windows
 * @param releaseWindow         how long after a model's first appearance it counts as newly released
 * @param maxPrefixesPerAccount request networks tracked per account
 * @param maxContentPerAccount  templates, system prompts and tool schemas tracked per account
 * @param contentCapacity       content things (templates, system prompts, tool schemas) kept at once
 * @param bandCapacity          LSH band keys kept at once
 */
public record DetectionConfig(
        double flagThreshold,
        double edgeThreshold,
        Map<ThingKind, Double> kindWeights,
        int sizeSaturation,
        Duration spreadTau,
        int hubSize,
        double harvestLow,
        double harvestHigh,
        int minGroupExchanges,
        Duration established,
        Duration halfLife,
        Duration releaseWindow,
        int maxPrefixesPerAccount,
        int maxContentPerAccount,
        int contentCapacity,
        int bandCapacity) {

    public DetectionConfig {
        unit(flagThreshold, "flagThreshold", false);
        unit(edgeThreshold, "edgeThreshold", false);
        EnumMap<ThingKind, Double> w = new EnumMap<>(ThingKind.class);
        for (ThingKind k : ThingKind.values()) {
            Double v = kindWeights == null ? null : kindWeights.get(k);
            if (v == null) {
                throw new IllegalArgumentException("kindWeights." + k + ": missing (expected a weight in [0, 1])");
            }
            unit(v, "kindWeights." + k, true);
            w.put(k, v);
        }
        kindWeights = java.util.Collections.unmodifiableMap(w);
        atLeast(sizeSaturation, 2, "sizeSaturation");
        positive(spreadTau, "spreadTau");
        atLeast(hubSize, 2, "hubSize");
        if (!(harvestLow >= 0 && harvestLow < harvestHigh && harvestHigh <= 1)) {
            throw new IllegalArgumentException("harvestLow/harvestHigh: " + harvestLow + "/" + harvestHigh
                    + " (expected: 0 <= low < high <= 1)");
        }
        atLeast(minGroupExchanges, 1, "minGroupExchanges");
        positive(established, "established");
        positive(halfLife, "halfLife");
        positive(releaseWindow, "releaseWindow");
        atLeast(maxPrefixesPerAccount, 1, "maxPrefixesPerAccount");
        atLeast(maxContentPerAccount, 1, "maxContentPerAccount");
        atLeast(contentCapacity, 16, "contentCapacity");
        atLeast(bandCapacity, 16, "bandCapacity");
    }

    public static DetectionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.flagThreshold = flagThreshold;
        b.edgeThreshold = edgeThreshold;
        b.kindWeights = new EnumMap<>(kindWeights);
        b.sizeSaturation = sizeSaturation;
        b.spreadTau = spreadTau;
        b.hubSize = hubSize;
        b.harvestLow = harvestLow;
        b.harvestHigh = harvestHigh;
        b.minGroupExchanges = minGroupExchanges;
        b.established = established;
        b.halfLife = halfLife;
        b.releaseWindow = releaseWindow;
        b.maxPrefixesPerAccount = maxPrefixesPerAccount;
        b.maxContentPerAccount = maxContentPerAccount;
        b.contentCapacity = contentCapacity;
        b.bandCapacity = bandCapacity;
        return b;
    }

    double[] kindWeightArray() {
        double[] a = new double[ThingKind.values().length];
        for (ThingKind k : ThingKind.values()) {
            a[k.ordinal()] = kindWeights.get(k);
        }
        return a;
    }

    private static void unit(double v, String name, boolean zeroOk) {
        if (!(zeroOk ? v >= 0 : v > 0) || v > 1 || Double.isNaN(v)) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: " + (zeroOk ? "0" : "> 0") + " .. 1)");
        }
    }

    private static void atLeast(int v, int min, String name) {
        if (v < min) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: >= " + min + ")");
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: a positive duration)");
        }
    }

    /** Mutable builder holding the defaults. */
    public static final class Builder {
        private double flagThreshold = 0.75;
        private double edgeThreshold = 0.3;
        private EnumMap<ThingKind, Double> kindWeights = defaultWeights();
        private int sizeSaturation = 10;
        private Duration spreadTau = Duration.ofDays(14);
        private int hubSize = 1000;
        private double harvestLow = 0.2;
        private double harvestHigh = 0.35;
        private int minGroupExchanges = 12;
        private Duration established = Duration.ofDays(30);
        private Duration halfLife = Duration.ofDays(3);
        private Duration releaseWindow = Duration.ofHours(48);
        private int maxPrefixesPerAccount = 4;
        private int maxContentPerAccount = 6;
        private int contentCapacity = 200_000;
        private int bandCapacity = 1_000_000;

        private static EnumMap<ThingKind, Double> defaultWeights() {
            EnumMap<ThingKind, Double> w = new EnumMap<>(ThingKind.class);
            w.put(ThingKind.PAYMENT, 0.95);
            w.put(ThingKind.SIGNUP_IP, 0.9);
            w.put(ThingKind.SIGNUP_PREFIX, 0.6);
            w.put(ThingKind.EMAIL_DOMAIN, 0.5);
            w.put(ThingKind.EMAIL_PATTERN, 0.6);
            w.put(ThingKind.REQUEST_PREFIX, 0.7);
            w.put(ThingKind.TEMPLATE, 0.6);
            w.put(ThingKind.SYSTEM_PROMPT, 0.6);
            w.put(ThingKind.TOOL_SCHEMA, 0.7);
            return w;
        }

        public Builder flagThreshold(double v) { flagThreshold = v; return this; }
        public Builder edgeThreshold(double v) { edgeThreshold = v; return this; }
        public Builder kindWeight(ThingKind k, double v) { kindWeights.put(k, v); return this; }
        public Builder sizeSaturation(int v) { sizeSaturation = v; return this; }
        public Builder spreadTau(Duration v) { spreadTau = v; return this; }
        public Builder hubSize(int v) { hubSize = v; return this; }
        public Builder harvestLow(double v) { harvestLow = v; return this; }
        public Builder harvestHigh(double v) { harvestHigh = v; return this; }
        public Builder minGroupExchanges(int v) { minGroupExchanges = v; return this; }
        public Builder established(Duration v) { established = v; return this; }
        public Builder halfLife(Duration v) { halfLife = v; return this; }
        public Builder releaseWindow(Duration v) { releaseWindow = v; return this; }
        public Builder maxPrefixesPerAccount(int v) { maxPrefixesPerAccount = v; return this; }
        public Builder maxContentPerAccount(int v) { maxContentPerAccount = v; return this; }
        public Builder contentCapacity(int v) { contentCapacity = v; return this; }
        public Builder bandCapacity(int v) { bandCapacity = v; return this; }

        public DetectionConfig build() {
            return new DetectionConfig(flagThreshold, edgeThreshold, kindWeights, sizeSaturation, spreadTau, hubSize,
                    harvestLow, harvestHigh, minGroupExchanges, established, halfLife, releaseWindow,
                    maxPrefixesPerAccount, maxContentPerAccount, contentCapacity, bandCapacity);
        }
    }
}
