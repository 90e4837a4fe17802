package io.stillwatch.sim.eval;

import io.stillwatch.model.DetectionReport;
import io.stillwatch.sim.Truth;
import io.stillwatch.sim.eval.Evaluation.CampaignScore;
import io.stillwatch.sim.eval.Evaluation.Confusion;
import io.stillwatch.sim.eval.Evaluation.PopulationScore;
import io.stillwatch.sim.eval.Evaluation.ReportedCampaign;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a detection report (contract §3) against a scenario's truth: account precision, recall and
 * F1; false-positive rate per benign population; recall and detection delay per campaign; purity of
 * the reported campaigns. Exact counting, no sampling: tests check it on hand-made reports.
 *
 * <p>Detection delay follows the harvest, not the clock: what matters is how much of a campaign's
 * traffic went through before its accounts were stopped. Per account, the share of its campaign's
 * exchanges (all accounts of the campaign) sent before that account's flag time ({@code ts < at};
 * 1 when never flagged), with median and p90 over the campaign's accounts; per campaign, the share
 * of its exchanges sent by accounts not yet flagged at the time ("leaked share"), plus the time from
 * its first exchange to its first flag. Percentiles use the nearest-rank method.
 */
public final class Evaluator {
    private Evaluator() {
    }

    public static Evaluation evaluate(Truth truth, DetectionReport report, ExchangeSource exchanges) throws IOException {
        int n = truth.accounts().size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(truth.accounts().get(i).account(), i);
        }
        long[] flagAt = new long[n];
        Arrays.fill(flagAt, Long.MAX_VALUE);
        long unknown = 0;
        for (DetectionReport.Flag f : report.flags()) {
            Integer i = index.get(f.account());
            if (i == null) {
                unknown++;
            } else {
                flagAt[i] = Math.min(flagAt[i], f.at().toEpochMilli());
            }
        }
        long[] total = new long[n];
        long[] before = new long[n];
        long[] first = new long[n];
        Arrays.fill(first, Long.MAX_VALUE);
        CampaignClock clocks = new CampaignClock(truth, flagAt);
        long[] count = {0};
        exchanges.forEach((account, ts) -> {
            count[0]++;
            Integer i = index.get(account);
            if (i != null) {
                clocks.exchange(i, ts);
                total[i]++;
                if (ts < flagAt[i]) {
                    before[i]++;
                }
                first[i] = Math.min(first[i], ts);
            }
        });

        long tp = 0, fp = 0, fn = 0, tn = 0;
        Map<String, long[]> byPopulation = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Truth.Account a = truth.accounts().get(i);
            boolean flagged = flagAt[i] != Long.MAX_VALUE;
            if (a.attack()) {
                if (flagged) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (flagged) {
                fp++;
            } else {
                tn++;
            }
            long[] pc = byPopulation.computeIfAbsent(a.population(), k -> new long[2]);
            pc[0]++;
            pc[1] += flagged ? 1 : 0;
        }
        return new Evaluation(truth.scenario(), count[0], n, unknown, Confusion.of(tp, fp, fn, tn),
                populations(truth, byPopulation), campaigns(truth, flagAt, total, before, first, clocks),
                reported(truth, index, report), meanPurity(truth, index, report));
    }

    private static List<PopulationScore> populations(Truth truth, Map<String, long[]> counts) {
        Map<String, Truth.Population> declared = new HashMap<>();
        for (Truth.Population p : truth.populations()) {
            declared.put(p.kind(), p);
        }
        Map<String, String> labels = new HashMap<>();
        for (Truth.Account a : truth.accounts()) {
            labels.putIfAbsent(a.population(), a.label());
        }
        List<PopulationScore> out = new ArrayList<>();
        counts.forEach((kind, c) -> {
            Truth.Population p = declared.get(kind);
            out.add(new PopulationScore(kind, labels.get(kind), p != null && p.hardNegative(), c[0], c[1],
                    Evaluation.ratio(c[1], c[0])));
        });
        return out;
    }

    private static List<CampaignScore> campaigns(Truth truth, long[] flagAt, long[] total, long[] before, long[] first,
                                                 CampaignClock clocks) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Truth.Campaign c : truth.campaigns()) {
            members.put(c.id(), new ArrayList<>());
            kinds.put(c.id(), c.kind());
        }
        for (int i = 0; i < truth.accounts().size(); i++) {
            Truth.Account a = truth.accounts().get(i);
            if (a.campaign() != null) {
                members.computeIfAbsent(a.campaign(), k -> new ArrayList<>()).add(i);
                kinds.putIfAbsent(a.campaign(), a.population());
            }
        }
        List<CampaignScore> out = new ArrayList<>();
        members.forEach((id, accounts) -> {
            long flagged = 0, exchanges = 0, leaked = 0;
            long firstExchange = Long.MAX_VALUE, firstFlag = Long.MAX_VALUE;
            List<Double> delays = new ArrayList<>();
            for (int i : accounts) {
                if (flagAt[i] != Long.MAX_VALUE) {
                    flagged++;
                    firstFlag = Math.min(firstFlag, flagAt[i]);
                }
                exchanges += total[i];
                leaked += before[i];
                firstExchange = Math.min(firstExchange, first[i]);
            }
            for (int i : accounts) {
                if (exchanges > 0) {
                    delays.add((double) clocks.campaignExchangesBefore(i) / exchanges);
                }
            }
            delays.sort(null);
            Instant fe = firstExchange == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstExchange);
            Instant ff = firstFlag == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstFlag);
            out.add(new CampaignScore(id, kinds.get(id), accounts.size(), flagged, Evaluation.ratio(flagged, accounts.size()),
                    exchanges, Evaluation.ratio(leaked, exchanges), nearestRank(delays, 0.5), nearestRank(delays, 0.9), fe, ff,
                    fe == null || ff == null ? null : Duration.ofMillis(firstFlag - firstExchange)));
        });
        return out;
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least {@code p} of them at or below it. */
    static Double nearestRank(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String truthGroup(Truth truth, Map<String, Integer> index, String account) {
        Integer i = index.get(account);
        if (i == null) {
            return "unknown";
        }
        Truth.Account a = truth.accounts().get(i);
        return a.campaign() == null ? "benign" : a.campaign();
    }

    private static List<ReportedCampaign> reported(Truth truth, Map<String, Integer> index, DetectionReport report) {
        List<ReportedCampaign> out = new ArrayList<>();
        for (DetectionReport.Campaign c : report.campaigns()) {
            Map<String, Long> groups = new TreeMap<>();
            for (String account : new java.util.LinkedHashSet<>(c.accounts())) {
                groups.merge(truthGroup(truth, index, account), 1L, Long::sum);
            }
            long size = groups.values().stream().mapToLong(Long::longValue).sum();
            String majority = null;
            long most = 0;
            for (Map.Entry<String, Long> e : groups.entrySet()) {
                if (e.getValue() > most) {
                    most = e.getValue();
                    majority = e.getKey();
                }
            }
            out.add(new ReportedCampaign(c.id(), size, majority, most, Evaluation.ratio(most, size)));
        }
        return out;
    }

    private static Double meanPurity(Truth truth, Map<String, Integer> index, DetectionReport report) {
        long size = 0, pure = 0;
        for (ReportedCampaign r : reported(truth, index, report)) {
            size += r.accounts();
            pure += r.majorityAccounts();
        }
        return Evaluation.ratio(pure, size);
    }

    /**
     * Counts, for every campaign account, the campaign's exchanges sent before that account's flag
     * time, in one pass and O(log k) per exchange: each campaign keeps its k distinct flag times
     * sorted, and an exchange at {@code ts} lands in the bucket of the flag times at or before it;
     * a prefix sum over the buckets then answers "how many before flag time j".
     */
    private static final class CampaignClock {
        private final int[] campaignOf;
        private final long[][] flagTimes;
        private final long[][] buckets;
        private final long[] flagAt;

        CampaignClock(Truth truth, long[] flagAt) {
            this.flagAt = flagAt;
            int n = truth.accounts().size();
            campaignOf = new int[n];
            Map<String, Integer> ids = new HashMap<>();
            Map<Integer, java.util.TreeSet<Long>> times = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String c = truth.accounts().get(i).campaign();
                if (c == null) {
                    campaignOf[i] = -1;
                    continue;
                }
                int id = ids.computeIfAbsent(c, k -> ids.size());
                campaignOf[i] = id;
                java.util.TreeSet<Long> t = times.computeIfAbsent(id, k -> new java.util.TreeSet<>());
                if (flagAt[i] != Long.MAX_VALUE) {
                    t.add(flagAt[i]);
                }
            }
            flagTimes = new long[ids.size()][];
            buckets = new long[ids.size()][];
            for (int c = 0; c < ids.size(); c++) {
                flagTimes[c] = times.get(c).stream().mapToLong(Long::longValue).toArray();
                buckets[c] = new long[flagTimes[c].length + 1];
            }
        }

        void exchange(int account, long ts) {
            int c = campaignOf[account];
            if (c >= 0) {
                buckets[c][atOrBefore(flagTimes[c], ts)]++;
            }
        }

        /** Exchanges of the account's campaign with {@code ts} before the account's flag (all if never flagged). */
        long campaignExchangesBefore(int account) {
            int c = campaignOf[account];
            long[] b = buckets[c];
            int upTo = flagAt[account] == Long.MAX_VALUE ? b.length - 1
                    : Arrays.binarySearch(flagTimes[c], flagAt[account]);
            long sum = 0;
            for (int j = 0; j <= upTo; j++) {
                sum += b[j];
            }
            return sum;
        }

        /** Number of flag times at or before {@code ts}. */
        private static int atOrBefore(long[] sorted, long ts) {
            int lo = 0, hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= ts) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
