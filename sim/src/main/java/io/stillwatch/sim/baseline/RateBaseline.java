package io.stillwatch.sim.baseline;

import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.DetectionReport.Flag;
import io.stillwatch.model.ExchangeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-account rate threshold, what ordinary gateways do: flag an account the first time it sends more
 * than {@code perMinute} exchanges within a minute or more than {@code perDay} within 24 hours
 * (sliding windows over the log's event time). Blind by construction to campaigns spread over many
 * low-rate accounts (DESIGN.md §1: ~26 a day per account), and trips on heavy legitimate users.
 */
public final class RateBaseline implements Baseline {

    /** Thresholds, validated. */
    public record Config(int perMinute, int perDay) {
        public Config {
            if (perMinute < 1) {
                throw new IllegalArgumentException("per-minute: " + perMinute + " (expected: >= 1)");
            }
            if (perDay < 1) {
                throw new IllegalArgumentException("per-day: " + perDay + " (expected: >= 1)");
            }
        }

        public static final Config DEFAULT = new Config(60, 1500);
    }

    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    private final Config config;
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, Flag> flags = new HashMap<>();
    private long seen;

    public RateBaseline(Config config) {
        this.config = config;
    }

    /** Timestamps of one account within the longest window, a ring that grows only as far as the threshold. */
    private static final class Window {
        long[] ts = new long[8];
        int head;
        int size;

        void add(long t) {
            if (size == ts.length) {
                long[] bigger = new long[ts.length * 2];
                for (int i = 0; i < size; i++) {
                    bigger[i] = ts[(head + i) % ts.length];
                }
                ts = bigger;
                head = 0;
            }
            ts[(head + size) % ts.length] = t;
            size++;
        }

        /** Drops timestamps older than {@code from}; returns how many remain. */
        int since(long from) {
            while (size > 0 && ts[head] <= from) {
                head = (head + 1) % ts.length;
                size--;
            }
            return size;
        }

        /** Count of timestamps after {@code from} (the ring is roughly time-ordered). */
        int countAfter(long from) {
            int n = 0;
            for (int i = size - 1; i >= 0; i--) {
                if (ts[(head + i) % ts.length] > from) {
                    n++;
                } else {
                    break;
                }
            }
            return n;
        }
    }

    @Override
    public void observe(ExchangeRecord x) {
        seen++;
        if (flags.containsKey(x.account())) {
            return;
        }
        long t = x.ts().toEpochMilli();
        Window w = windows.computeIfAbsent(x.account(), k -> new Window());
        w.add(t);
        int perMinute = w.countAfter(t - MINUTE);
        int perDay = w.since(t - DAY);
        String reason = null;
        if (perMinute > config.perMinute()) {
            reason = perMinute + " exchanges within one minute (limit " + config.perMinute() + ")";
        } else if (perDay > config.perDay()) {
            reason = perDay + " exchanges within 24 hours (limit " + config.perDay() + ")";
        }
        if (reason != null) {
            flags.put(x.account(), new Flag(x.account(), Instant.ofEpochMilli(t), null, 1.0, List.of(reason)));
            windows.remove(x.account());
        }
    }

    @Override
    public DetectionReport report(long registryAccounts) {
        List<Flag> out = new ArrayList<>(flags.values());
        out.sort(Comparator.comparing(Flag::at).thenComparing(Flag::account));
        long accounts = Math.max(registryAccounts, windows.size() + flags.size());
        return new DetectionReport(DetectionReport.VERSION, new DetectionReport.Input(seen, accounts), out, List.of());
    }
}
