package io.stillwatch.detect.features;

import io.stillwatch.detect.fingerprint.Capability;
import io.stillwatch.detect.fingerprint.PromptFingerprint;

/**
 * Whether one exchange looks like answer harvesting (DESIGN.md §1, §4): a request that asks in words
 * for step-by-step reasoning or rubric grading, or a single-turn templated request aimed at a
 * harvested capability (reasoning, coding, agentic tool use, vision). No single exchange proves
 * anything; the signal only counts in aggregate, over an account's window or a group's traffic.
 */
public final class HarvestSignal {
    private HarvestSignal() {
    }

    public static boolean harvestLike(PromptFingerprint fp) {
        if (fp.elicitsReasoning() || fp.rubric()) {
            return true;
        }
        return fp.singleTurn() && fp.hasTemplate() && fp.capability() != Capability.OTHER;
    }
}
