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
 * a group is judged on what it does together. Two more group facts count as harvesting: holders
 * acting in lockstep ({@link Lockstep}), and a content thing that a flagged fleet is known to use.
 * A template sent by thousands of independent, long-standing customers weighs next to nothing; one
 * card shared by forty day-old accounts with harvesting traffic weighs close to its kind's base weight.
 */
public final class ThingWeigher {
    static final int CONTENT_HUB = 100;
    static final double CONTENT_HARVEST_LOW = 0.45;
    static final double CONTENT_HARVEST_HIGH = 0.75;
    static final double OWN_HARVEST_LOW = 0.2;
    static final double OWN_HARVEST_HIGH = 0.35;
    static final double MAX_TOP_TEMPLATE = 0.9;
    static final double VOLUME_LOW = 60;
    static final double VOLUME_HIGH = 100;
    /** A thing is a known fleet's once this many of its holders are flagged... */
    static final int FLEET_MIN_FLAGGED = 10;
    /** ...and their share of its holders passes this ramp. */
    static final double FLEET_SHARE_LOW = 0.2;
    static final double FLEET_SHARE_HIGH = 0.5;
    /**
     * A known fleet's thing links a holder whose own share (shrunk less) is clearly harvesting, on a higher ramp than
     * a harvesting group's, and only after three harvesting-like exchanges of its own: the known-fleet link skips
     * the group-behaviour test, and a developer's or a reseller customer's first few templated requests must not pass.
     */
    static final double FLEET_OWN_LOW = 0.35;
    static final double FLEET_OWN_HIGH = 0.5;
    static final int FLEET_MIN_OWN_HARVESTED = 3;
    /**
     * A harvesting group's template, system prompt or tool schema links a holder only after this many harvesting-like
     * exchanges of its own: ordinary users send popular templates too, and a reseller's genuine customer was flagged
     * by two templated requests through its distilling accounts' template.
     */
    static final int CONTENT_MIN_OWN_HARVESTED = 3;
    /** A prompt or tool schema is a fleet's own once at least this many accounts hold it... */
    static final int BURST_MIN_HOLDERS = 10;
    /**
     * ...their sign-ups are concentrated and independent as a registry thing's are judged (concentration times
     * independence at least this: a spread of at most {@code spreadTau}, no verified or long-standing holder)...
     */
    static final double BURST_MIN_STRUCTURE = 0.5;
    /** ...and the other holders' traffic is at least this far up the registry harvesting ramp. */
    static final double BURST_MIN_HARVEST = 0.5;
    /**
     * An account whose card's other holders act ordinarily (over at least this many of their exchanges) is more likely
     * one more of an ordinary payer's accounts than a fleet's: its other links weigh this much less. A reseller's
     * genuine customer shares its sign-up IP, networks and popular templates with distilling accounts, but its card
     * with other customers.
     */
    static final double PAYER_DISCOUNT = 0.3;
    static final int PAYER_MIN_EXCHANGES = 50;
    /** Synchrony ({@link Lockstep}) from which a group counts as acting in lockstep, fully at the second. */
    static final double LOCKSTEP_LOW = 0.7;
    static final double LOCKSTEP_HIGH = 0.9;
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
        if (isContent(t)) {
            // content (template, system prompt, tool schema): bought or aged accounts share it too, so account age
            // and sign-up spread say little; verified identities and hubs still weaken it
            double hub = n <= CONTENT_HUB ? 1 : Math.log(CONTENT_HUB) / Math.log(n);
            return kindWeight[t.kind.ordinal()] * size * (1 - t.verifiedShare()) * hub;
        }
        double hub = n <= hubSize ? 1 : Math.log(hubSize) / Math.log(n);
        return kindWeight[t.kind.ordinal()] * size * signUpStructure(t) * hub;
    }

    /** Template, system prompt or tool schema, as opposed to registry things and request networks. */
    private static boolean isContent(SharedThing t) {
        return !t.kind.registry() && t.kind != ThingKind.REQUEST_PREFIX;
    }

    /**
     * Sign-up concentration times independence: 1 for holders who signed up together, none verified or
     * long-standing; falls with the spread of sign-ups ({@code spreadTau}) and with verified or long-standing holders.
     */
    private double signUpStructure(SharedThing t) {
        double concentration = 1 / (1 + t.createdSpreadDays() / spreadTauDays);
        double independent = 1 - Math.max(t.verifiedShare(), t.establishedShare());
        return concentration * independent;
    }

    /**
     * Harvest-like share of the other holders' exchanges: the holder's own ({@code ownExchanges}, {@code ownHarvested},
     * lifetime, an upper bound of what it added) are taken out; -1 when the others have too few to judge.
     */
    private double othersHarvestShare(SharedThing t, int ownExchanges, int ownHarvested) {
        long others = t.exchanges - Math.min(ownExchanges, t.exchanges);
        if (others < minExchangesForBehaviour) {
            return -1;
        }
        return Math.max(0, t.harvest - Math.min(ownHarvested, t.harvest)) / (double) others;
    }

    /**
     * The behaviour factor: 0 for groups that act like ordinary customers, 1 for groups that clearly harvest
     * (aggregate harvesting share) or, for registry and network things, run machine volume per account.
     * Content things need a clearly harvesting group: ordinary users share popular templates too.
     */
    public double behaviour(SharedThing t, long nowMillis) {
        return behaviour(t, nowMillis, 0, 0);
    }

    /**
     * The behaviour factor judged on the other holders' traffic: the holder's own exchanges ({@code ownExchanges},
     * {@code ownHarvested}, lifetime, an upper bound of what it added to the group) are taken out, so an account
     * cannot make a group look harvesting by itself.
     */
    public double behaviour(SharedThing t, long nowMillis, int ownExchanges, int ownHarvested) {
        double share = othersHarvestShare(t, ownExchanges, ownHarvested);
        if (share < 0) {
            return 0;
        }
        boolean content = isContent(t);
        double low = content ? CONTENT_HARVEST_LOW : harvestLow;
        double high = content ? CONTENT_HARVEST_HIGH : harvestHigh;
        double harvest = ramp(share, low, high);
        if (content) {
            return harvest;
        }
        double volume = ramp(t.dailyVolumePerHolder(nowMillis), VOLUME_LOW, VOLUME_HIGH);
        return Math.max(harvest, volume);
    }

    /**
     * Whether {@code t} is a fleet's own content: a prompt or tool schema held by a burst of new accounts (at least
     * ten, their sign-ups concentrated, none verified or long-standing, as a registry thing's structure is judged)
     * whose other holders' traffic harvests (the registry ramp).
     */
    public boolean fleetContent(SharedThing t, int ownExchanges, int ownHarvested) {
        if (t.holders < BURST_MIN_HOLDERS || !isContent(t) || signUpStructure(t) < BURST_MIN_STRUCTURE) {
            return false;
        }
        double share = othersHarvestShare(t, ownExchanges, ownHarvested);
        return share >= 0 && ramp(share, harvestLow, harvestHigh) >= BURST_MIN_HARVEST;
    }

    /** Weight of {@code t} for grouping accounts (no holder in particular). */
    public double weight(SharedThing t, long nowMillis) {
        return weight(t, nowMillis, Holder.ANY);
    }

    /**
     * What the weighing needs to know of the holder: its lifetime exchanges and harvesting-like exchanges, its
     * harvesting share (shrunk towards ordinary for young accounts), its top template's share, and its own
     * exchanges per day over its active life (at least a day), and its harvesting share shrunk less, for things a
     * flagged fleet is known to use.
     */
    public record Holder(int exchanges, int harvested, double harvestShare, double topTemplateShare, double dailyVolume,
                         double fleetHarvestShare) {
        /**
         * No holder in particular: for grouping accounts. Grouping does not follow known fleets' things: a template
         * two fleets both use would glue them into one campaign.
         */
        public static final Holder ANY = new Holder(0, 0, 1, 0, Double.MAX_VALUE, 0);

        /** A holder whose fleet harvesting share is no different from its harvesting share. */
        public Holder(int exchanges, int harvested, double harvestShare, double topTemplateShare, double dailyVolume) {
            this(exchanges, harvested, harvestShare, topTemplateShare, dailyVolume, harvestShare);
        }
    }

    /**
     * Weight of {@code t} for one holder: the group is judged without the holder's own traffic, and a content
     * thing links only accounts that themselves harvest diverse prompts, so ordinary users of a template a
     * campaign also uses are not pulled in (the hub problem).
     */
    public double weight(SharedThing t, long nowMillis, Holder holder) {
        double s = structural(t);
        if (s == 0) {
            return 0;
        }
        boolean content = isContent(t);
        if (!content) {
            // a harvesting group links an account that harvests itself; a group running machine volume links
            // every member (agent loops at volume need not look like harvesting exchange by exchange). Genuine
            // customers behind a reseller's shared cards and networks are not pulled in by its distilling accounts.
            // A group firing in lockstep counts as harvesting whatever its prompts look like.
            double group = Math.max(harvestFactor(t, holder), lockstep(t));
            return s * Math.max(group * ownGate(holder.harvestShare()), volumeFactor(t, nowMillis));
        }
        // harvesting wants many different answers: an account repeating one template (a CI job) is not one
        double diverse = clamp((MAX_TOP_TEMPLATE - holder.topTemplateShare()) / 0.3);
        if (diverse == 0) {
            return 0;
        }
        double group = Math.max(behaviour(t, nowMillis, holder.exchanges(), holder.harvested()), lockstep(t));
        // grouping flagged accounts (no holder in particular) has no own exchanges to wait for
        boolean ownEvidence = holder == Holder.ANY || holder.harvested() >= CONTENT_MIN_OWN_HARVESTED;
        double harvesting = ownEvidence ? group * ownGate(holder.harvestShare()) : 0;
        // a template or tool schema that a flagged fleet is known to use links a newcomer to it once three of the
        // newcomer's own exchanges harvest (its share shrunk towards ordinary with less weight): the fleet's late
        // starters are then caught by their first few prompts, ordinary users of the thing are not
        double known = holder.harvested() < FLEET_MIN_OWN_HARVESTED ? 0
                : fleet(t) * ramp(holder.fleetHarvestShare(), FLEET_OWN_LOW, FLEET_OWN_HIGH);
        // agent loops harvest by volume rather than by wording: a prompt or tool schema whose holders each run
        // machine volume links a holder that runs machine volume itself (ordinary users of the same tool do not)
        double machine = volumeFactor(t, nowMillis) * ownVolume(holder);
        return s * diverse * Math.max(Math.max(harvesting, known), machine);
    }

    /**
     * The noisy-OR {@code 1 - prod(1 - w)} of the links through the first {@code n} of {@code things}, counting a group
     * of accounts once however many things it shares (the strongest of them): noisy-OR assumes independent evidence,
     * and a reseller's sign-up /24, e-mail domain and e-mail pattern held by the same 240 accounts, and the /24 all
     * their traffic leaves from, are one group ({@link SharedThing#sameTraffic}). A card whose other holders act
     * ordinarily discounts every other link ({@link #PAYER_DISCOUNT}).
     */
    public double score(SharedThing[] things, int n, long nowMillis, Holder holder) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = weight(things[i], nowMillis, holder);
        }
        int payer = ordinaryPayer(things, n, nowMillis, holder);
        if (payer >= 0) {
            for (int i = 0; i < n; i++) {
                if (i != payer) {
                    w[i] *= 1 - PAYER_DISCOUNT;
                }
            }
        }
        double keep = 1;
        for (int i = 0; i < n; i++) {
            if (w[i] > 0 && !outweighed(things, w, n, i)) {
                keep *= 1 - w[i];
            }
        }
        return 1 - keep;
    }

    /**
     * The index of a payment fingerprint held by at least three accounts whose other holders act ordinarily (no
     * harvesting share, no machine volume, no lockstep, over enough of their traffic to tell), or -1.
     */
    private int ordinaryPayer(SharedThing[] things, int n, long nowMillis, Holder holder) {
        for (int i = 0; i < n; i++) {
            SharedThing t = things[i];
            if (t.kind != ThingKind.PAYMENT || t.holders < 3) {
                continue;
            }
            long others = t.exchanges - Math.min(holder.exchanges(), t.exchanges);
            if (others >= PAYER_MIN_EXCHANGES && behaviour(t, nowMillis, holder.exchanges(), holder.harvested()) == 0
                    && lockstep(t) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether another of the holder's things links the same group at least as strongly (the first of equals counts). */
    private static boolean outweighed(SharedThing[] things, double[] w, int n, int i) {
        for (int j = 0; j < n; j++) {
            if (j != i && (w[j] > w[i] || w[j] == w[i] && j < i) && things[j].sameTraffic(things[i])) {
                return true;
            }
        }
        return false;
    }

    /** How far the holder's own harvesting share lets a harvesting group link it, in [0, 1]. */
    private static double ownGate(double harvestShare) {
        return ramp(harvestShare, OWN_HARVEST_LOW, OWN_HARVEST_HIGH);
    }

    /** In [0, 1]: how clearly {@code t} is a flagged fleet's (enough of its holders flagged already). */
    static double fleet(SharedThing t) {
        if (t.flaggedHolders < FLEET_MIN_FLAGGED) {
            return 0;
        }
        return ramp((double) t.flaggedHolders / t.holders, FLEET_SHARE_LOW, FLEET_SHARE_HIGH);
    }

    /** In [0, 1]: how clearly the holders of {@code t} act in lockstep. */
    public static double lockstep(SharedThing t) {
        return ramp(t.synchrony(), LOCKSTEP_LOW, LOCKSTEP_HIGH);
    }

    private static double ownVolume(Holder holder) {
        return ramp(holder.dailyVolume(), VOLUME_LOW, VOLUME_HIGH);
    }

    private double harvestFactor(SharedThing t, Holder holder) {
        long others = t.exchanges - Math.min(holder.exchanges(), t.exchanges);
        if (others < minExchangesForBehaviour) {
            return 0;
        }
        double share = Math.max(0, t.harvest - Math.min(holder.harvested(), t.harvest)) / (double) others;
        return ramp(share, harvestLow, harvestHigh);
    }

    private double volumeFactor(SharedThing t, long nowMillis) {
        if (t.exchanges < minExchangesForBehaviour) {
            return 0;
        }
        return ramp(t.dailyVolumePerHolder(nowMillis), VOLUME_LOW, VOLUME_HIGH);
    }

    /** 0 up to {@code low}, 1 from {@code high}, linear between. */
    private static double ramp(double v, double low, double high) {
        return clamp((v - low) / (high - low));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
