package io.stillwatch.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The detection report that {@code replay} writes (contract §3): every flagged account once, and the
 * campaigns that group them.
 */
public record DetectionReport(int v, Input input, List<Flag> flags, List<Campaign> campaigns) {

    public static final int VERSION = 1;

    public DetectionReport {
        Objects.requireNonNull(input, "input");
        flags = List.copyOf(flags);
        campaigns = List.copyOf(campaigns);
    }

    /** Counts of what the detector read. */
    public record Input(long exchanges, long accounts) {
    }

    /**
     * One flagged account.
     *
     * @param at       event time at which the account first crossed the line
     * @param campaign campaign id, or null when flagged on its own behaviour alone
     * @param score    confidence in [0, 1]
     */
    public record Flag(String account, Instant at, String campaign, double score, List<String> reasons) {
        public Flag {
            ExchangeRecord.requireText(account, "account");
            Objects.requireNonNull(at, "at");
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    /** A group of flagged accounts acting together. */
    public record Campaign(
            String id,
            List<String> accounts,
            Instant firstSeen,
            Instant flaggedAt,
            long exchanges,
            List<String> focus,
            List<Evidence> evidence) {
        public Campaign {
            ExchangeRecord.requireText(id, "id");
            accounts = List.copyOf(accounts);
            focus = focus == null ? List.of() : List.copyOf(focus);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** One thing the campaign's accounts share, e.g. {@code shared_payment pm_9f... 212}. */
    public record Evidence(String kind, String value, long accounts) {
    }
}
