package io.stillwatch.detect;

import io.stillwatch.detect.campaign.DisjointSets;
import io.stillwatch.detect.fingerprint.Capability;
import io.stillwatch.detect.linkage.SharedThing;
import io.stillwatch.detect.linkage.ThingKind;
import io.stillwatch.detect.linkage.ThingWeigher;
import io.stillwatch.model.DetectionReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups flagged accounts into campaigns: connected components (union-find, Tarjan 1975) over the things
 * that are strong (weight at least the edge threshold) and specific to one group (rare, held mostly by
 * flagged accounts, covering at least half of each group they join), so distinct campaigns that happen to
 * share a popular network range, mail domain or public prompt stay apart; then groups are joined into one
 * operation through exact identifiers (cards, sign-up IPs) held nearly only by flagged accounts, so a
 * fleet of thousands comes out as one campaign, not one per card group. A group of one is no campaign. Each campaign lists its accounts, first activity, flag time, exchanges, capability focus
 * and the shared things that tie it together, with how many of its accounts share each.
 */
final class CampaignAssembler {
    private static final int MAX_EVIDENCE = 6;
    static final int MIN_FLAGGED_HOLDERS = 3;
    static final double MIN_FLAGGED_SHARE = 0.5;
    static final int CONTENT_SPECIFIC = 100;
    static final double MIN_COVERAGE = 0.5;
    /** Share of an identifier's holders that must be flagged for it to join whole groups into one operation. */
    static final double OPERATION_SHARE = 0.9;

    private CampaignAssembler() {
    }

    static DetectionReport assemble(DetectionReport.Input input, List<AccountState> flagged, ThingWeigher weigher,
                                    double edgeThreshold, long now) {
        flagged.sort(Comparator.comparingLong((AccountState s) -> s.flaggedAtMillis).thenComparing(s -> s.id));
        Map<SharedThing, Double> weights = new IdentityHashMap<>();
        Map<SharedThing, List<Integer>> holders = new IdentityHashMap<>();
        Map<SharedThing, List<Integer>> identifiers = new IdentityHashMap<>();
        for (int i = 0; i < flagged.size(); i++) {
            AccountState s = flagged.get(i);
            for (int k = 0; k < s.nThings; k++) {
                SharedThing t = s.things[k];
                double w = weights.computeIfAbsent(t, x -> weigher.weight(x, now));
                if (w >= edgeThreshold) {
                    holders.computeIfAbsent(t, x -> new ArrayList<>()).add(i);
                }
                if (t.kind() == ThingKind.PAYMENT || t.kind() == ThingKind.SIGNUP_IP) {
                    identifiers.computeIfAbsent(t, x -> new ArrayList<>()).add(i);
                }
            }
        }
        DisjointSets sets = join(flagged.size(), specificThings(holders, weights), holders);
        Set<SharedThing> joined = joinOperations(sets, identifiers);
        Map<Integer, List<AccountState>> groups = new LinkedHashMap<>();
        for (int i = 0; i < flagged.size(); i++) {
            if (sets.size(i) > 1) {
                groups.computeIfAbsent(sets.find(i), r -> new ArrayList<>()).add(flagged.get(i));
            }
        }
        List<DetectionReport.Campaign> campaigns = new ArrayList<>();
        Map<AccountState, String> campaignOf = new IdentityHashMap<>();
        int n = 0;
        for (List<AccountState> members : groups.values()) {
            String id = "camp_" + (++n);
            for (AccountState m : members) {
                campaignOf.put(m, id);
            }
            campaigns.add(campaign(id, members, weights, edgeThreshold, joined));
        }
        List<DetectionReport.Flag> flags = new ArrayList<>(flagged.size());
        for (AccountState s : flagged) {
            flags.add(new DetectionReport.Flag(s.id, Instant.ofEpochMilli(s.flaggedAtMillis), campaignOf.get(s),
                    Math.round(s.score * 1000) / 1000.0, s.reasons));
        }
        return new DetectionReport(DetectionReport.VERSION, input, flags, campaigns);
    }

    /**
     * The things that may join flagged accounts into one campaign: strong (weight at least the edge threshold)
     * and specific to one group: held by at least {@link #MIN_FLAGGED_HOLDERS} flagged accounts that make up at
     * least half its holders, never an e-mail domain (a mail provider or a disposable domain serves many
     * operators), and for content at most {@link #CONTENT_SPECIFIC} holders (a public template, system prompt or
     * tool schema is used by many operators). Registry and network things come first, content after; each
     * group by decreasing weight, so the structural groups exist before content is judged against them.
     */
    private static List<SharedThing> specificThings(Map<SharedThing, List<Integer>> holders,
                                                    Map<SharedThing, Double> weights) {
        List<SharedThing> things = new ArrayList<>();
        for (Map.Entry<SharedThing, List<Integer>> e : holders.entrySet()) {
            SharedThing t = e.getKey();
            int flaggedHolders = e.getValue().size();
            if (t.kind() == ThingKind.EMAIL_DOMAIN || flaggedHolders < MIN_FLAGGED_HOLDERS
                    || flaggedHolders < MIN_FLAGGED_SHARE * t.holders()
                    || (content(t) && t.holders() > CONTENT_SPECIFIC)) {
                continue;
            }
            things.add(t);
        }
        things.sort(Comparator.comparing(CampaignAssembler::content)
                .thenComparing(t -> -weights.get(t))
                .thenComparing(t -> t.kind().ordinal())
                .thenComparing(SharedThing::value));
        return things;
    }

    /**
     * Union-find over the specific things, each joining only the groups it covers: a group (or single account)
     * joins through a thing when at least half of its members hold it. A thing that touches a few members of an
     * established group (a residential network two campaigns happen to rent, a prompt two operators copied)
     * therefore does not glue that group to another one.
     */
    private static DisjointSets join(int n, List<SharedThing> things, Map<SharedThing, List<Integer>> holders) {
        DisjointSets sets = new DisjointSets(n);
        Map<Integer, Integer> perGroup = new LinkedHashMap<>();
        for (SharedThing t : things) {
            perGroup.clear();
            for (int i : holders.get(t)) {
                perGroup.merge(sets.find(i), 1, Integer::sum);
            }
            int anchor = -1;
            for (Map.Entry<Integer, Integer> g : perGroup.entrySet()) {
                if (g.getValue() < MIN_COVERAGE * sets.size(g.getKey())) {
                    continue;
                }
                if (anchor < 0) {
                    anchor = g.getKey();
                } else {
                    sets.union(anchor, g.getKey());
                }
            }
        }
        return sets;
    }

    /**
     * Second level: joins whole groups into one operation through an exact identifier (a payment
     * fingerprint or a sign-up IP) that nearly only flagged accounts hold. A fleet of thousands is tied
     * together by hosting IPs that thousands of its accounts signed up from; such an IP fails the
     * specificity test of the first level (it is a hub), yet when {@link #OPERATION_SHARE} of its holders
     * are flagged it is the operator's own infrastructure, not a public place. Network ranges and content
     * never join at this level: two operators can rent the same range or copy the same prompt.
     *
     * @return the identifiers that joined something, for the campaigns' evidence
     */
    private static Set<SharedThing> joinOperations(DisjointSets sets, Map<SharedThing, List<Integer>> identifiers) {
        Set<SharedThing> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<SharedThing, List<Integer>> e : identifiers.entrySet()) {
            List<Integer> members = e.getValue();
            if (members.size() < MIN_FLAGGED_HOLDERS || members.size() < OPERATION_SHARE * e.getKey().holders()) {
                continue;
            }
            for (int i : members.subList(1, members.size())) {
                sets.union(members.get(0), i);
            }
            used.add(e.getKey());
        }
        return used;
    }

    private static boolean content(SharedThing t) {
        return !t.kind().registry() && t.kind() != ThingKind.REQUEST_PREFIX;
    }

    private static DetectionReport.Campaign campaign(String id, List<AccountState> members,
                                                     Map<SharedThing, Double> weights, double edgeThreshold,
                                                     Set<SharedThing> joined) {
        long firstSeen = Long.MAX_VALUE;
        long flaggedAt = Long.MAX_VALUE;
        long exchanges = 0;
        double[] caps = new double[Capability.values().length];
        Map<SharedThing, Integer> shared = new HashMap<>();
        List<String> accounts = new ArrayList<>(members.size());
        for (AccountState m : members) {
            accounts.add(m.id);
            long first = m.firstExchangeMillis == Long.MIN_VALUE ? m.flaggedAtMillis : m.firstExchangeMillis;
            firstSeen = Math.min(firstSeen, first);
            flaggedAt = Math.min(flaggedAt, m.flaggedAtMillis);
            exchanges += m.behaviour.exchanges();
            for (Capability c : Capability.values()) {
                caps[c.ordinal()] += m.behaviour.capabilityShare(c) * m.behaviour.exchanges();
            }
            for (int k = 0; k < m.nThings; k++) {
                SharedThing t = m.things[k];
                if (weights.getOrDefault(t, 0.0) >= edgeThreshold || joined.contains(t)) {
                    shared.merge(t, 1, Integer::sum);
                }
            }
        }
        List<String> focus = new ArrayList<>();
        double total = 0;
        for (double c : caps) {
            total += c;
        }
        for (Capability c : Capability.values()) {
            if (c != Capability.OTHER && total > 0 && caps[c.ordinal()] / total >= 0.15) {
                focus.add(c.wire());
            }
        }
        if (focus.isEmpty()) {
            focus.add(Capability.OTHER.wire());
        }
        List<Map.Entry<SharedThing, Integer>> ev = new ArrayList<>(shared.entrySet());
        ev.removeIf(e -> e.getValue() < 2);
        // ties broken by value: things hash by identity, so otherwise the order of equal counts (and which
        // of them the cut at MAX_EVIDENCE keeps) changed from run to run and reports were not reproducible
        ev.sort(Map.Entry.<SharedThing, Integer>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().kind().ordinal()).thenComparing(e -> e.getKey().value()));
        // the identifiers that joined the groups lead (at most half the list), so the analyst sees what ties
        // the operation together even where other things are shared by more of its accounts
        List<Map.Entry<SharedThing, Integer>> shown = new ArrayList<>();
        for (Map.Entry<SharedThing, Integer> e : ev) {
            if (joined.contains(e.getKey()) && shown.size() < MAX_EVIDENCE / 2) {
                shown.add(e);
            }
        }
        for (Map.Entry<SharedThing, Integer> e : ev) {
            if (shown.size() < MAX_EVIDENCE && !shown.contains(e)) {
                shown.add(e);
            }
        }
        List<DetectionReport.Evidence> evidence = new ArrayList<>();
        for (Map.Entry<SharedThing, Integer> e : shown) {
            evidence.add(new DetectionReport.Evidence(e.getKey().kind().evidenceKind(), e.getKey().value(),
                    e.getValue()));
        }
        return new DetectionReport.Campaign(id, accounts, Instant.ofEpochMilli(firstSeen),
                Instant.ofEpochMilli(flaggedAt), exchanges, focus, evidence);
    }
}
