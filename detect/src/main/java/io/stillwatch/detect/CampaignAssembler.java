package io.stillwatch.detect;

import io.stillwatch.detect.campaign.DisjointSets;
import io.stillwatch.detect.fingerprint.Capability;
import io.stillwatch.detect.linkage.SharedThing;
import io.stillwatch.detect.linkage.ThingWeigher;
import io.stillwatch.model.DetectionReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups flagged accounts into campaigns: two flagged accounts belong together when they share a thing
 * whose weight reaches the edge threshold (connected components by union-find). A group of one is no
 * campaign. Each campaign lists its accounts, first activity, flag time, exchanges, capability focus
 * and the shared things that tie it together, with how many of its accounts share each.
 */
final class CampaignAssembler {
    private static final int MAX_EVIDENCE = 6;

    private CampaignAssembler() {
    }

    static DetectionReport assemble(DetectionReport.Input input, List<AccountState> flagged, ThingWeigher weigher,
                                    double edgeThreshold, long now) {
        flagged.sort(Comparator.comparingLong((AccountState s) -> s.flaggedAtMillis).thenComparing(s -> s.id));
        DisjointSets sets = new DisjointSets(flagged.size());
        Map<SharedThing, Integer> firstFlagged = new IdentityHashMap<>();
        Map<SharedThing, Double> weights = new IdentityHashMap<>();
        for (int i = 0; i < flagged.size(); i++) {
            AccountState s = flagged.get(i);
            for (int k = 0; k < s.nThings; k++) {
                SharedThing t = s.things[k];
                double w = weights.computeIfAbsent(t, x -> weigher.weight(x, now));
                if (w < edgeThreshold) {
                    continue;
                }
                Integer first = firstFlagged.putIfAbsent(t, i);
                if (first != null) {
                    sets.union(first, i);
                }
            }
        }
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
            campaigns.add(campaign(id, members, weights, edgeThreshold));
        }
        List<DetectionReport.Flag> flags = new ArrayList<>(flagged.size());
        for (AccountState s : flagged) {
            flags.add(new DetectionReport.Flag(s.id, Instant.ofEpochMilli(s.flaggedAtMillis), campaignOf.get(s),
                    Math.round(s.score * 1000) / 1000.0, s.reasons));
        }
        return new DetectionReport(DetectionReport.VERSION, input, flags, campaigns);
    }

    private static DetectionReport.Campaign campaign(String id, List<AccountState> members,
                                                     Map<SharedThing, Double> weights, double edgeThreshold) {
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
                if (weights.getOrDefault(t, 0.0) >= edgeThreshold) {
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
        ev.sort(Map.Entry.<SharedThing, Integer>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().kind().ordinal()));
        List<DetectionReport.Evidence> evidence = new ArrayList<>();
        for (Map.Entry<SharedThing, Integer> e : ev.subList(0, Math.min(MAX_EVIDENCE, ev.size()))) {
            evidence.add(new DetectionReport.Evidence(e.getKey().kind().evidenceKind(), e.getKey().value(),
                    e.getValue()));
        }
        return new DetectionReport.Campaign(id, accounts, Instant.ofEpochMilli(firstSeen),
                Instant.ofEpochMilli(flaggedAt), exchanges, focus, evidence);
    }
}
