package io.stillwatch.sim;

import static io.stillwatch.sim.PopulationKind.*;

import io.stillwatch.sim.Scenario.Part;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The catalogue of named scenarios ({@code stillwatch simulate --list}); docs/scenarios.md describes each. */
public final class Scenarios {
    private static final Instant MAY_2026 = Instant.parse("2026-05-04T00:00:00Z"); // a Monday
    private static final Instant APRIL_2026 = Instant.parse("2026-04-27T00:00:00Z"); // six weeks to 8 June

    private static final List<Scenario> ALL = List.of(
            new Scenario("hydra", "low-rate hydra cluster (1,500 accounts, 20-30 a day) over the benign background, 14 days",
                    MAY_2026, 14, 6.5, with(background(1.0), new Part(HYDRA, 1500))),
            new Scenario("reasoning", "reasoning harvest (80 accounts in lockstep) over the benign background, 10 days",
                    MAY_2026, 10, 4.5, with(background(1.0), new Part(REASONING_HARVEST, 80))),
            new Scenario("release", "release chaser (150 accounts, agentic coding, moves half to the new model) over the "
                    + "benign background, 10 days; new models on day 4", MAY_2026, 10, 4.0,
                    with(background(1.0), new Part(RELEASE_CHASER, 150))),
            new Scenario("reseller", "a proxy reseller: 120 accounts carrying distillation mixed with genuine customers, "
                    + "72 carrying only customers, over the benign background, 14 days", MAY_2026, 14, 6.5,
                    with(background(1.0), new Part(RESELLER_DISTILL, 120))),
            new Scenario("stealth", "stealth campaign (150 accounts, unique cards and residential IPs, lockstep) over the "
                    + "benign background, 14 days", MAY_2026, 14, 6.5, with(background(1.0), new Part(STEALTH, 150))),
            new Scenario("mixed-small", "every campaign kind, small, over half the benign background, 7 days "
                    + "(~250k exchanges; tests use --scale)", MAY_2026, 7, 3.0,
                    with(background(0.5), new Part(HYDRA, 400), new Part(REASONING_HARVEST, 30), new Part(RELEASE_CHASER, 40),
                            new Part(RESELLER_DISTILL, 40), new Part(STEALTH, 50))),
            new Scenario("mixed-large", "every campaign kind over twice the benign background, 28 days (millions of exchanges)",
                    MAY_2026, 28, 10.0,
                    with(background(2.0), new Part(HYDRA, 3000), new Part(REASONING_HARVEST, 100), new Part(RELEASE_CHASER, 200),
                            new Part(RESELLER_DISTILL, 150), new Part(STEALTH, 200))),
            // volume 1.39: bursty sign-ups and abandoned accounts leave the usual hydra at ~830 exchanges per
            // account over six weeks; the report's campaign is 28.8M exchanges from ~25,000 accounts (~1,150 each)
            new Scenario("june-2026", "the June 2026 report at full scale: ~25,000 hydra accounts, ~26 exchanges a day "
                    + "each over six weeks (~28.8M campaign exchanges) over the benign background", APRIL_2026, 42, 20.0,
                    with(background(1.0), new Part(HYDRA, 25_000, 1.39))));

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    /** The scenario named {@code name}; an unknown name fails listing the known ones. */
    public static Scenario byName(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("scenario: '" + name + "' (expected one of "
                + ALL.stream().map(Scenario::name).toList() + ")");
    }

    /** The benign background at the given factor: every benign population, hard negatives included. */
    static List<Part> background(double f) {
        return List.of(
                part(INDIVIDUAL, 2000 * f), part(HOUSEHOLD, 60 * f), part(DEVELOPER, 300 * f), part(CI_LOOP, 12 * f),
                part(ENTERPRISE_APP, 2 * f), part(BENCHMARK_RUN, 3), part(CLASSROOM, 40 * Math.max(1, f)),
                part(COMPANY_TEAM, 30 * Math.max(1, f)), part(OSS_TOOL_USERS, 250 * f), part(EARLY_ADOPTER, 60 * f));
    }

    private static Part part(PopulationKind kind, double n) {
        return new Part(kind, Math.max(1, (int) Math.round(n)));
    }

    private static List<Part> with(List<Part> background, Part... campaigns) {
        List<Part> out = new ArrayList<>(background);
        out.addAll(List.of(campaigns));
        return out;
    }
}
