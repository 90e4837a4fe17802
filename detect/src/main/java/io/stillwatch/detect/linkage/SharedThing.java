package io.stillwatch.detect.linkage;

/**
 * One thing accounts can share (a card, a network, a template...) and what is known of the accounts
 * that share it, as running aggregates in constant space: how many hold it, how tightly their sign-up
 * times cluster (Welford's running variance), how many are identity-verified, and the aggregate
 * behaviour of their traffic. The aggregates are what the weighting judges: a thing is as suspicious
 * as the group that shares it.
 */
public final class SharedThing {
    final ThingKind kind;
    final String value;
    int holders;
    int verified;
    int established;
    double createdMeanDays;
    double createdM2;
    // aggregate behaviour of the holders' traffic since they joined
    int exchanges;
    int harvest;
    int flaggedHolders;
    long firstExchangeMillis = Long.MIN_VALUE;
    /** whether the holders act in lockstep; kept once three hold the thing (two are a household as often as a fleet) */
    private Lockstep lockstep;
    static final int LOCKSTEP_MIN_HOLDERS = 3;
    /** the first holder, for grouping accounts into campaigns; opaque to this package. */
    Object firstHolder;

    SharedThing(ThingKind kind, String value, long nowMillis) {
        this.kind = kind;
        this.value = value;
    }

    public ThingKind kind() {
        return kind;
    }

    public String value() {
        return value;
    }

    public int holders() {
        return holders;
    }

    public long exchanges() {
        return exchanges;
    }

    /** Share of the holders' exchanges that look like harvesting. */
    public double harvestShare() {
        return exchanges == 0 ? 0 : (double) harvest / exchanges;
    }

    /**
     * Shortest span a daily rate is extrapolated from: a quarter of a day. Shorter would turn one burst into a
     * daily rate; a whole day (the former floor) let a group run for most of its first day before its volume showed.
     */
    static final double MIN_RATE_DAYS = 0.25;

    /** Exchanges per holder per day since the holders' first exchange (over at least {@link #MIN_RATE_DAYS}). */
    public double dailyVolumePerHolder(long nowMillis) {
        if (firstExchangeMillis == Long.MIN_VALUE) {
            return 0;
        }
        double days = Math.max(MIN_RATE_DAYS, (nowMillis - firstExchangeMillis) / 86_400_000.0);
        return holders == 0 ? 0 : exchanges / (double) holders / days;
    }

    /** Standard deviation of the holders' sign-up times, in days. */
    public double createdSpreadDays() {
        return holders < 2 ? 0 : Math.sqrt(createdM2 / (holders - 1));
    }

    public double verifiedShare() {
        return holders == 0 ? 0 : (double) verified / holders;
    }

    public double establishedShare() {
        return holders == 0 ? 0 : (double) established / holders;
    }

    public Object firstHolder() {
        return firstHolder;
    }

    /**
     * Records a new holder.
     *
     * @param createdMillis the holder's sign-up time
     * @param verifiedId    the holder's identity is verified
     * @param establishedAt the holder was long-standing when it joined
     */
    public void join(Object holder, long createdMillis, boolean verifiedId, boolean establishedAt, long nowMillis) {
        if (firstHolder == null) {
            firstHolder = holder;
        }
        holders++;
        if (verifiedId) {
            verified++;
        }
        if (establishedAt) {
            established++;
        }
        double d = createdMillis / 86_400_000.0;
        double delta = d - createdMeanDays;
        createdMeanDays += delta / holders;
        createdM2 += delta * (d - createdMeanDays);
    }

    /**
     * Reads, and changes nothing of, what {@link #observe} at {@code nowMillis} will read and write; see
     * {@code DetectionEngine.prefetch}. Returns a value made of what it read, so that the reads stay.
     */
    public long touch(long nowMillis) {
        Lockstep l = lockstep;
        return exchanges + (l == null ? 0 : l.touch(nowMillis));
    }

    /** Adds one exchange of a holder ({@code holder}: a number unique to the account) to the behaviour aggregate. */
    public void observe(int holder, boolean harvestLike, long nowMillis) {
        if (exchanges == Integer.MAX_VALUE) {
            exchanges >>= 1; // keep the share, halve the weight of history
            harvest >>= 1;
        }
        if (firstExchangeMillis == Long.MIN_VALUE) {
            firstExchangeMillis = nowMillis;
        }
        exchanges++;
        if (harvestLike) {
            harvest++;
        }
        if (holders >= LOCKSTEP_MIN_HOLDERS) {
            if (lockstep == null) {
                lockstep = new Lockstep();
            }
            lockstep.observe(holder, nowMillis);
        }
    }

    /** How much the holders' traffic bunches together in time, in [-1, 1]; 0 when unknown ({@link Lockstep}). */
    public double synchrony() {
        return lockstep == null ? 0 : lockstep.synchrony();
    }

    /** How many times more the holders act within a minute of each other than five minutes apart. */
    public double lockstepRatio() {
        return lockstep == null ? 0 : lockstep.ratio();
    }

    /**
     * Whether {@code o} carries the same traffic: the same exchanges and harvesting-like exchanges since the same first
     * exchange. That is one group seen through two things (a reseller's sign-up /24, its e-mail domain and pattern,
     * and the /24 its traffic leaves from), one piece of evidence, not several; holders that never sent an exchange
     * can differ, they add no traffic. Coincidence needs equal counts and the same first millisecond.
     */
    public boolean sameTraffic(SharedThing o) {
        return exchanges > 0 && exchanges == o.exchanges && harvest == o.harvest
                && firstExchangeMillis == o.firstExchangeMillis;
    }

    /** Holders flagged so far. */
    public int flaggedHolders() {
        return flaggedHolders;
    }

    public void holderFlagged() {
        flaggedHolders++;
    }

    @Override
    public String toString() {
        return kind + ":" + value + "(" + holders + ")";
    }
}
