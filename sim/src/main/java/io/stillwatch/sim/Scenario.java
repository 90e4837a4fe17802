package io.stillwatch.sim;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A named mix of populations and campaigns over a time span. Account counts are at scale 1;
 * {@code --scale} multiplies them (volumes per account stay realistic, so totals scale linearly).
 *
 * @param releaseDay day (from {@code start}) on which the new models are released
 */
public record Scenario(String name, String description, Instant start, int days, double releaseDay, List<Part> parts) {

    /**
     * {@code accounts} accounts of one kind; a campaign kind makes one campaign of that many accounts.
     *
     * @param volume multiplies each account's exchange rate (1 = the kind's usual rate); a scenario that
     *     reproduces a report's totals calibrates it
     */
    public record Part(PopulationKind kind, int accounts, double volume) {
        public Part {
            Objects.requireNonNull(kind, "kind");
            if (accounts < 1) {
                throw new IllegalArgumentException("accounts: " + accounts + " (expected: >= 1)");
            }
            if (!(volume > 0)) {
                throw new IllegalArgumentException("volume: " + volume + " (expected: > 0)");
            }
        }

        public Part(PopulationKind kind, int accounts) {
            this(kind, accounts, 1.0);
        }
    }

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        if (days < 1) {
            throw new IllegalArgumentException("days: " + days + " (expected: >= 1)");
        }
        if (releaseDay < 0 || releaseDay >= days) {
            throw new IllegalArgumentException("releaseDay: " + releaseDay + " (expected: 0 <= releaseDay < " + days + ")");
        }
        parts = List.copyOf(parts);
    }

    public Instant end() {
        return start.plusSeconds(days * 86_400L);
    }

    public Instant release() {
        return start.plusMillis((long) (releaseDay * 86_400_000L));
    }
}
