package io.stillwatch.sim;

import java.time.Instant;
import java.util.List;

/**
 * What really happened in a simulated scenario: every account's label, campaign and population, the
 * campaigns, the populations with their hard-negative mark, and the models with release times.
 * Written as truth.json (format in docs/scenarios.md) and read by the evaluator.
 */
public record Truth(
        String scenario,
        long seed,
        double scale,
        Instant start,
        Instant end,
        List<Model> models,
        List<Population> populations,
        List<Campaign> campaigns,
        List<Account> accounts) {

    public static final int VERSION = 1;

    public Truth {
        models = List.copyOf(models);
        populations = List.copyOf(populations);
        campaigns = List.copyOf(campaigns);
        accounts = List.copyOf(accounts);
    }

    public record Model(String name, Instant released) {
    }

    /** A population kind present in the scenario; {@code label} is {@code benign} or {@code attack}. */
    public record Population(String kind, String label, boolean hardNegative, String description, long accounts) {
    }

    public record Campaign(String id, String kind, long accounts) {
    }

    /** One account: {@code campaign} is null for benign accounts. */
    public record Account(String account, String label, String campaign, String population) {
        public boolean attack() {
            return "attack".equals(label);
        }
    }
}
