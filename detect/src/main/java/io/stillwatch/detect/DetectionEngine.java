package io.stillwatch.detect;

import io.stillwatch.detect.features.HarvestSignal;
import io.stillwatch.detect.fingerprint.Capability;
import io.stillwatch.detect.fingerprint.PromptFingerprint;
import io.stillwatch.detect.fingerprint.PromptFingerprinter;
import io.stillwatch.detect.linkage.LinkageIndex;
import io.stillwatch.detect.linkage.NetworkKeys;
import io.stillwatch.detect.linkage.SharedThing;
import io.stillwatch.detect.linkage.ThingKind;
import io.stillwatch.detect.linkage.ThingWeigher;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The detection engine: fed account sign-ups and exchanges in event-time order, it fingerprints each
 * prompt, keeps per-account behaviour windows, links accounts through the things they share, and flags
 * an account the moment the weighted evidence linking it to a harvesting group crosses the threshold.
 *
 * <p>Scoring: each shared thing weighs {@code w} in [0, 1] ({@link ThingWeigher}: rarity, sign-up
 * concentration, independence, hub damping, group behaviour); an account's score is the noisy-OR
 * {@code 1 - prod(1 - w)} of its things, evaluated at each of its exchanges. The group's behaviour is
 * judged on the group's aggregate traffic, so benign traffic mixed in by a campaign (camouflage) dilutes
 * it only in proportion, and a thing shared by many independent long-standing accounts (a hub) weighs
 * little whatever its size. Campaigns are grouped from flagged accounts when the report is built.
 *
 * <p>No look-ahead: an account's registry facts count from {@link #onAccount} (to be called at its
 * {@code created} time), a flag's time is the event time of the exchange that caused it, and the
 * state used is only what arrived before. Single-threaded; state is bounded per account.
 */
public final class DetectionEngine {
    /** An account's own harvesting share starts from this ordinary value, worth this many exchanges. */
    static final double OWN_PRIOR = 0.1;
    static final double OWN_PRIOR_WEIGHT = 5;
    /**
     * Towards things a flagged fleet is known to use, the prior weighs less: a newcomer's first few harvesting
     * prompts are enough there, where elsewhere a few prompts of an ordinary user must not be.
     */
    static final double FLEET_PRIOR_WEIGHT = 2;
    /** What an exchange whose logged fingerprint is unreadable counts as: a single-turn prompt with no content. */
    private static final PromptFingerprint UNREADABLE =
            new PromptFingerprint(0, null, 0, null, 0, Capability.OTHER, false, false, 1, false, 0);
    private final DetectionConfig config;
    private final Consumer<FlagEvent> listener;
    private final PromptFingerprinter fingerprinter = PromptFingerprinter.withDefaults();
    private final LinkageIndex index;
    private final ThingWeigher weigher;
    private final Map<String, AccountState> accounts = new HashMap<>();
    private final Map<String, Long> modelFirstSeen = new HashMap<>();
    private final String[] networkIps = new String[4096];
    private final SharedThing[] networks = new SharedThing[4096];
    private final double halfLifeDays;
    private final long establishedMillis;
    private final long releaseMillis;
    private long firstEventMillis = Long.MIN_VALUE;
    /** What {@link #prefetch} read, summed: never used. */
    @SuppressWarnings("unused")
    private long touched;
    private long watermarkMillis = Long.MIN_VALUE;
    private long lastEventMillis = Long.MIN_VALUE;
    private long exchanges;
    private long unknownAccounts;
    private long badFingerprints;
    private int flags;

    public DetectionEngine(DetectionConfig config, Consumer<FlagEvent> listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.index = new LinkageIndex(config.contentCapacity(), config.bandCapacity());
        this.weigher = new ThingWeigher(config.kindWeightArray(), config.sizeSaturation(),
                config.spreadTau().toMillis() / 86_400_000.0, config.hubSize(), config.harvestLow(),
                config.harvestHigh(), config.minGroupExchanges());
        this.halfLifeDays = config.halfLife().toMillis() / 86_400_000.0;
        this.establishedMillis = config.established().toMillis();
        this.releaseMillis = config.releaseWindow().toMillis();
    }

    /** A registry entry, applied at its {@code created} time. A repeated account id keeps the first entry. */
    public void onAccount(AccountRecord a) {
        long now = a.created().toEpochMilli();
        lastEventMillis = Math.max(lastEventMillis, now);
        if (accounts.containsKey(a.account())) {
            return;
        }
        AccountState s = new AccountState(a.account(), accounts.size(), now, a.kyc() == Kyc.VERIFIED, true);
        accounts.put(a.account(), s);
        join(s, a.payment() == null ? null : index.fixed(ThingKind.PAYMENT, a.payment(), now), now);
        join(s, a.signupIp() == null ? null : index.fixed(ThingKind.SIGNUP_IP, a.signupIp(), now), now);
        String prefix = NetworkKeys.prefix(a.signupIp());
        join(s, prefix == null ? null : index.fixed(ThingKind.SIGNUP_PREFIX, prefix, now), now);
        String domain = NetworkKeys.emailDomain(a.email());
        join(s, domain == null ? null : index.fixed(ThingKind.EMAIL_DOMAIN, domain, now), now);
        String pattern = NetworkKeys.emailPattern(a.email());
        join(s, pattern == null ? null : index.fixed(ThingKind.EMAIL_PATTERN, pattern, now), now);
    }

    /** One exchange, in event-time order (within the disorder the caller's reorder buffer allows). */
    public void onExchange(ExchangeRecord x) {
        onExchange(new FingerprintedExchange(x.ts(), x.account(), x.ip(), x.model(), x.usageOrNone(), fingerprint(x)));
    }

    /** One exchange whose prompt was fingerprinted already, in event-time order and by one fingerprinter. */
    public void onExchange(FingerprintedExchange x) {
        long now = x.ts().toEpochMilli();
        seen(now);
        exchanges++;
        AccountState s = accounts.get(x.account());
        if (s == null) {
            s = new AccountState(x.account(), accounts.size(), now, false, false);
            accounts.put(x.account(), s);
            unknownAccounts++;
        }
        if (s.firstExchangeMillis == Long.MIN_VALUE) {
            s.firstExchangeMillis = now;
        }
        PromptFingerprint fp = x.fingerprint();
        if (fp == null) {
            badFingerprints++;
            fp = UNREADABLE;
        }
        Usage u = x.usage();
        boolean harvest = HarvestSignal.harvestLike(fp);
        s.behaviour.observe(now, fp, harvest, u.inputOrZero(), u.outputOrZero(), u.reasoningOrZero(), newModel(x.model(), now),
                halfLifeDays);

        if (s.prefixes < config.maxPrefixesPerAccount()) {
            SharedThing t = requestNetwork(x.ip(), now);
            if (t != null && !s.holds(t)) {
                join(s, t, now);
            }
        }
        SharedThing template = null, system = null, tools = null;
        if (s.content < config.maxContentPerAccount()) {
            if (fp.hasTemplate()) {
                template = joinIfNew(s, index.cluster(ThingKind.TEMPLATE, fp.template(), fp.bands(), now), now);
            }
            if (fp.system() != 0 && s.content < config.maxContentPerAccount()) {
                system = joinIfNew(s, index.cluster(ThingKind.SYSTEM_PROMPT, fp.system(), fp.systemBands(), now), now);
            }
            if (fp.tools() != 0 && s.content < config.maxContentPerAccount()) {
                tools = joinIfNew(s, index.content(ThingKind.TOOL_SCHEMA, fp.tools(), now), now);
            }
        }
        // a request that does not look like harvesting by itself (an agent-loop step, a task under the fleet's prompt)
        // still counts towards the account's own share when its prompt or tool schema is a burst of new harvesting
        // accounts' own: it is the fleet's work
        if (!harvest && (fleetContent(template, s) || fleetContent(system, s) || fleetContent(tools, s))) {
            s.behaviour.fleetWork();
        }
        for (int i = 0; i < s.nThings; i++) {
            s.things[i].observe(s.number, harvest, now);
        }
        if (!s.flagged()) {
            double score = score(s);
            if (score >= config.flagThreshold()) {
                flag(s, score, now);
            }
        }
    }

    /**
     * A hint, which changes nothing but speed: reads the state that {@link #onExchange(FingerprintedExchange)} of
     * {@code x} will read first (the account, its behaviour's arrays, each thing it holds and that thing's lockstep
     * ring), so that it is in the cache by then. On the six-week log the engine's state is far larger than the cache,
     * and onExchange walks it thing by thing, each waiting for memory in turn; these reads are independent of each
     * other, so the processor waits for them together. Call it for the next exchange just before the current one.
     */
    public void prefetch(FingerprintedExchange x) {
        AccountState s = accounts.get(x.account());
        if (s == null) {
            return;
        }
        long now = x.ts().toEpochMilli();
        long sum = s.behaviour.touch();
        SharedThing[] things = s.things;
        for (int i = 0, n = s.nThings; i < n; i++) {
            sum += things[i].touch(now);
        }
        touched += sum; // kept, so that the reads are not optimised away
    }

    /** The watermark: no event earlier than this will come. Kept for the report's clock; idempotent. */
    public void advanceTo(Instant watermark) {
        watermarkMillis = Math.max(watermarkMillis, watermark.toEpochMilli());
    }

    /** The fingerprint of the exchange's request (or its logged fingerprint), null when unreadable. */
    private PromptFingerprint fingerprint(ExchangeRecord x) {
        try {
            return fingerprinter.fingerprint(x);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The request network thing of a client address, null when it is no IP literal. Cut and hashed once per address
     * in a small direct-mapped cache (the log reader hands over the same string instance for a recurring address), not
     * at every exchange; network things are never evicted, so a cached one is the one the index would return.
     */
    private SharedThing requestNetwork(String ip, long now) {
        if (ip == null) {
            return null;
        }
        int slot = ip.hashCode() & (networkIps.length - 1);
        String cached = networkIps[slot];
        if (cached != ip && !ip.equals(cached)) {
            String prefix = NetworkKeys.prefix(ip);
            networkIps[slot] = ip;
            networks[slot] = prefix == null ? null : index.fixed(ThingKind.REQUEST_PREFIX, prefix, now);
        }
        return networks[slot];
    }

    private boolean newModel(String model, long now) {
        Long first = modelFirstSeen.get(model);
        if (first == null) {
            if (modelFirstSeen.size() < 4096) {
                modelFirstSeen.put(model, now);
            }
            first = now;
        }
        // a model already in use when the log starts is not a release we saw happen
        return first > firstEventMillis + 86_400_000L && now - first <= releaseMillis;
    }

    private void seen(long now) {
        lastEventMillis = Math.max(lastEventMillis, now);
        if (firstEventMillis == Long.MIN_VALUE) {
            firstEventMillis = now;
        }
    }

    private SharedThing joinIfNew(AccountState s, SharedThing t, long now) {
        if (!s.holds(t)) {
            join(s, t, now);
        }
        return t;
    }

    private boolean fleetContent(SharedThing t, AccountState s) {
        return t != null && weigher.fleetContent(t, s.behaviour.exchanges(), s.behaviour.harvested());
    }

    private void join(AccountState s, SharedThing t, long now) {
        if (t == null) {
            return;
        }
        boolean established = s.known && now - s.createdMillis >= establishedMillis;
        t.join(s, s.createdMillis, s.verified, established, now);
        s.add(t);
    }

    double score(AccountState s) {
        return weigher.score(s.things, s.nThings, lastEventMillis, holder(s, lastEventMillis));
    }

    private void flag(AccountState s, double score, long now) {
        s.flaggedAtMillis = now;
        s.score = score;
        s.reasons = Evidence.reasons(s, weigher, now);
        for (int i = 0; i < s.nThings; i++) {
            s.things[i].holderFlagged();
        }
        flags++;
        listener.accept(new FlagEvent(s.id, Instant.ofEpochMilli(now), score, s.reasons));
    }

    /**
     * For an analyst: the account's current score and every thing it shares, with the thing's weight and
     * the factors behind it; null for an account the engine has not seen.
     */
    public String explain(String account) {
        AccountState s = accounts.get(account);
        if (s == null) {
            return null;
        }
        var h = s.behaviour;
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%s score=%.3f flagged=%s n=%d harvest=%.2f fleet=%.2f single=%.2f elicit=%.2f newmodel=%.2f daily=%.1f hours=%d"
                        + " cv=%.2f top=%.2f templ=%.2f focus=%s",
                account, score(s), s.flagged() ? Instant.ofEpochMilli(s.flaggedAtMillis) : "no", h.exchanges(),
                h.harvestShare(), h.fleetShare(), h.singleTurnShare(), h.elicitationShare(), h.newModelShare(),
                h.dailyVolume(halfLifeDays), h.activeHours(), h.interArrivalCv(), h.topTemplateShare(),
                h.templatedShare(), h.focus().wire()));
        for (int i = 0; i < s.nThings; i++) {
            SharedThing t = s.things[i];
            b.append(String.format(java.util.Locale.ROOT,
                    "%n  %-15s %-28s holders=%d spread=%.1fd verified=%.2f established=%.2f harvest=%.2f/%d"
                            + " struct=%.3f behav=%.3f w=%.3f",
                    t.kind(), t.value().length() > 28 ? t.value().substring(0, 28) : t.value(), t.holders(),
                    t.createdSpreadDays(), t.verifiedShare(), t.establishedShare(), t.harvestShare(), t.exchanges(),
                    weigher.structural(t), weigher.behaviour(t, lastEventMillis),
                    weigher.weight(t, lastEventMillis, holder(s, lastEventMillis))));
        }
        return b.toString();
    }

    static ThingWeigher.Holder holder(AccountState s, long nowMillis) {
        var b = s.behaviour;
        double activeDays = s.firstExchangeMillis == Long.MIN_VALUE ? 1
                : Math.max(1, (nowMillis - s.firstExchangeMillis) / 86_400_000.0);
        return new ThingWeigher.Holder(b.exchanges(), b.harvested(), b.fleetShareShrunk(OWN_PRIOR, OWN_PRIOR_WEIGHT),
                b.topTemplateShare(), b.exchanges() / activeDays, b.harvestShareShrunk(OWN_PRIOR, FLEET_PRIOR_WEIGHT));
    }

    /** Counts for progress lines. */
    public Stats stats() {
        return new Stats(exchanges, accounts.size(), unknownAccounts, flags, badFingerprints,
                index.fixedThings(), index.contentThings());
    }

    /** The detection report (contract §3): flags, and campaigns grouped from the flagged accounts. */
    public DetectionReport report(DetectionReport.Input input) {
        List<AccountState> flagged = new ArrayList<>();
        for (AccountState s : accounts.values()) {
            if (s.flagged()) {
                flagged.add(s);
            }
        }
        return CampaignAssembler.assemble(input, flagged, weigher, config.edgeThreshold(), lastEventMillis);
    }

    /** Ids of every account seen so far (registry or log), sorted. */
    public List<String> accountIds() {
        List<String> ids = new ArrayList<>(accounts.keySet());
        java.util.Collections.sort(ids);
        return ids;
    }

    Collection<AccountState> accountStates() {
        return accounts.values();
    }

    ThingWeigher weigher() {
        return weigher;
    }

    /** Running counts of the engine. */
    public record Stats(long exchanges, int accounts, long unknownAccounts, int flags, long badFingerprints,
                        int registryAndNetworkThings, int contentThings) {
    }
}
