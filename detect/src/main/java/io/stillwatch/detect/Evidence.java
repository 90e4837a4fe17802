package io.stillwatch.detect;

import io.stillwatch.detect.features.AccountBehaviour;
import io.stillwatch.detect.linkage.SharedThing;
import io.stillwatch.detect.linkage.ThingWeigher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Reasons a person can act on: what is shared, with how many, and what the group does. */
final class Evidence {
    private static final int MAX_REASONS = 4;

    private Evidence() {
    }

    static List<String> reasons(AccountState s, ThingWeigher weigher, long now) {
        ThingWeigher.Holder own = DetectionEngine.holder(s, now);
        List<SharedThing> strong = new ArrayList<>();
        for (int i = 0; i < s.nThings; i++) {
            if (weigher.weight(s.things[i], now, own) >= 0.05) {
                strong.add(s.things[i]);
            }
        }
        strong.sort(Comparator.comparingDouble((SharedThing t) -> weigher.weight(t, now, own)).reversed());
        List<String> out = new ArrayList<>();
        for (SharedThing t : strong.subList(0, Math.min(MAX_REASONS, strong.size()))) {
            String flagged = t.flaggedHolders() == 0 ? "" : String.format(Locale.ROOT, ", %d of them flagged",
                    t.flaggedHolders());
            String lockstep = ThingWeigher.lockstep(t) == 0 ? "" : String.format(Locale.ROOT,
                    "; in lockstep: %.1fx the co-activity of five minutes earlier", t.lockstepRatio());
            out.add(String.format(Locale.ROOT,
                    "shared %s with %d accounts%s (sign-ups spread %.1f days; %.0f%% harvesting-like of %,d exchanges;"
                            + " %.0f exchanges a day per account%s)",
                    t.kind().label(), t.holders() - 1, flagged, t.createdSpreadDays(), 100 * t.harvestShare(),
                    t.exchanges(), t.dailyVolumePerHolder(now), lockstep));
        }
        AccountBehaviour b = s.behaviour;
        out.add(String.format(Locale.ROOT,
                "own traffic: %d exchanges, focus %s, %.0f%% single-turn, %.0f%% reasoning elicitation, "
                        + "%.0f%% rubric grading, %.0f%% templated, %.0f%% harvesting-like, %.0f%% more through prompts "
                        + "of a burst of new harvesting accounts",
                b.exchanges(), b.focus().wire(), 100 * b.singleTurnShare(), 100 * b.elicitationShare(),
                100 * b.rubricShare(), 100 * b.templatedShare(), 100 * b.harvestShare(),
                100 * Math.max(0, b.fleetShare() - b.harvestShare())));
        return out;
    }
}
