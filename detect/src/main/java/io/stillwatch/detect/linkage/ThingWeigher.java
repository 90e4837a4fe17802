package io.stillwatch.detect.linkage;

/**
 * How strongly sharing a thing links its holders, in [0, 1].
 *
 * <p>The weight multiplies: the kind's base weight; the group size (sharing with nobody is no
 * evidence, and sharing with ten is much more than with two: {@code ln n / ln saturation}, capped at
 * 1); how tightly the holders' sign-ups cluster in time ({@code 1 / (1 + spread / tau)}); the share of
 * holders that are neither identity-verified nor long-standing; a hub damping in the spirit of
 * Fraudar's column weights {@code 1 / log(c + degree)} (Hooi et al., KDD 2016), so that a thing held
 * by very many accounts links each pair only weakly; and the holders' aggregate harvesting share, so
 * a group is judged on what it does together. A template sent by thousands of independent,
 * long-standing customers weighs next to nothing; one card shared by forty day-old accounts with
 * harvesting traffic weighs close to its kind's base weight.
 */
public final class ThingWeigher {
    private final double[] kindWeight;
    private final double logSaturation;
    private final double spreadTauDays;
    private final int hubSize;
    private final double harvestLow;
    private final double harvestHigh;
    private final int minExchangesForBehaviour;

    public ThingWeigher(double[] kindWeight, int sizeSaturation, double spreadTauDays, int hubSize,
                        double harvestLow, double harvestHigh, int minExchangesForBehaviour) {
        if (kindWeight.length != ThingKind.values().length) {
            throw new IllegalArgumentException("kind weights: " + kindWeight.length + " (expected: "
                    + ThingKind.values().length + ")");
        }
        this.kindWeight = kindWeight.clone();
        this.logSaturation = Math.log(sizeSaturation);
        this.spreadTauDays = spreadTauDays;
        this.hubSize = hubSize;
        this.harvestLow = harvestLow;
        this.harvestHigh = harvestHigh;
        this.minExchangesForBehaviour = minExchangesForBehaviour;
    }

    /** Weight of the link through {@code t} without its behaviour factor. */
    public double structural(SharedThing t) {
        int n = t.holders;
        if (n < 2) {
            return 0;
        }
        double size = Math.min(1, Math.log(n) / logSaturation);
        double concentration = 1 / (1 + t.createdSpreadDays() / spreadTauDays);
        double independent = 1 - Math.max(t.verifiedShare(), t.establishedShare());
        double hub = n <= hubSize ? 1 : Math.log(hubSize) / Math.log(n);
        return kindWeight[t.kind.ordinal()] * size * concentration * independent * hub;
    }

    /** The behaviour factor: 0 for groups that do not harvest, 1 for groups that clearly do. */
    public double behaviour(SharedThing t) {
        if (t.exchanges < minExchangesForBehaviour) {
            return 0;
        }
        double s = (t.harvestShare() - harvestLow) / (harvestHigh - harvestLow);
        return Math.max(0, Math.min(1, s));
    }

    public double weight(SharedThing t) {
        double s = structural(t);
        return s == 0 ? 0 : s * behaviour(t);
    }
}
