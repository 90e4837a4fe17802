package io.stillwatch.sim;

import java.util.Locale;

/**
 * Every kind of account the simulator produces, with its truth label. Hard negatives are benign
 * populations that a naive per-account or content rule flags. docs/scenarios.md describes each and
 * the public report it follows.
 */
public enum PopulationKind {
    INDIVIDUAL(false, false, "individuals: a few exchanges a day, diverse, multi-turn, human hours"),
    HOUSEHOLD(false, true, "individuals in twos and threes sharing one card and one home connection"),
    DEVELOPER(false, false, "developers: bursty sessions in working hours, code and agent loops"),
    CI_LOOP(false, true, "a developer's CI job repeating one prompt hundreds of times per run"),
    ENTERPRISE_APP(false, true, "one account serving many end users: fixed system prompt, thousands a day, few cloud IPs"),
    BENCHMARK_RUN(false, true, "a research group running a public math benchmark once (\"think step by step\")"),
    CLASSROOM(false, true, "students on one university /24 doing the same assignment in the same hours"),
    COMPANY_TEAM(false, true, "a company team sharing one card and the office network, verified identities"),
    OSS_TOOL_USERS(false, true, "independent users of a popular open-source tool sending its system prompt and tools"),
    EARLY_ADOPTER(false, true, "users who move to a newly released model within a day"),
    RESELLER_CUSTOMER(false, true, "genuine customers served through a proxy reseller's accounts"),
    HYDRA(true, false, "low-rate hydra cluster: thousands of accounts at 20-30 exchanges a day"),
    REASONING_HARVEST(true, false, "reasoning harvest: chain-of-thought elicitation, rubric grading, safe rewrites, in lockstep"),
    RELEASE_CHASER(true, false, "release chaser: agentic coding at volume, half moved to a new model within 24 hours"),
    RESELLER_DISTILL(true, false, "a proxy reseller's accounts carrying distillation mixed with genuine traffic"),
    STEALTH(true, false, "stealth: unique card and residential IP per account, heavy paraphrase, shared tool schema, lockstep");

    private final boolean attack;
    private final boolean hardNegative;
    private final String description;

    PopulationKind(boolean attack, boolean hardNegative, String description) {
        this.attack = attack;
        this.hardNegative = hardNegative;
        this.description = description;
    }

    public boolean attack() {
        return attack;
    }

    public boolean hardNegative() {
        return hardNegative;
    }

    public String description() {
        return description;
    }

    /** Name in truth.json and on the command line, e.g. {@code ci_loop}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PopulationKind fromWire(String s) {
        for (PopulationKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown population '" + s + "'");
    }
}
