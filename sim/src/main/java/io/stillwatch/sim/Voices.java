package io.stillwatch.sim;

import io.stillwatch.sim.text.Family;
import io.stillwatch.sim.text.Lexicon;
import io.stillwatch.sim.text.Phrase;
import java.util.SplittableRandom;

/**
 * The voices of the populations and campaigns. Each is a small function of the account's random
 * stream and conversation; see docs/scenarios.md for which population speaks which way and why.
 */
final class Voices {
    /** {@code Family.values()} copies the array on every call; a chat turn looks a family up twice. */
    private static final Family[] FAMILIES = Family.values();

    private Voices() {
    }

    /** A weighted choice of task families. */
    record Mix(Family[] families, double[] cumulative) {
        static Mix of(Object... familyAndWeight) {
            int n = familyAndWeight.length / 2;
            Family[] f = new Family[n];
            double[] c = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                f[i] = (Family) familyAndWeight[2 * i];
                sum += ((Number) familyAndWeight[2 * i + 1]).doubleValue();
                c[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                c[i] /= sum;
            }
            return new Mix(f, c);
        }

        Family pick(SplittableRandom rng) {
            double u = rng.nextDouble();
            for (int i = 0; i < families.length; i++) {
                if (u < cumulative[i]) {
                    return families[i];
                }
            }
            return families[families.length - 1];
        }
    }

    /** How a client sets sampling parameters. */
    record Params(double[] temperatures, int[] maxTokens, double thinkingShare, int thinkingBudget) {
        static final Params CHAT = new Params(new double[] {Double.NaN, Double.NaN, 0.7, 1.0}, new int[] {0, 0, 1024, 2048}, 0.05, 4000);
        static final Params DEV = new Params(new double[] {0.0, 0.2, Double.NaN, 0.7}, new int[] {2048, 4096, 8192, 0}, 0.15, 8000);
        static final Params DETERMINISTIC = new Params(new double[] {0.0}, new int[] {1024}, 0.0, 0);
        static final Params AGENT = new Params(new double[] {0.0, Double.NaN}, new int[] {8192, 16384}, 0.3, 10000);

        void apply(SplittableRandom rng, Call c) {
            c.temperature = temperatures[rng.nextInt(temperatures.length)];
            c.maxTokens = maxTokens[rng.nextInt(maxTokens.length)];
            if (thinkingShare > 0 && rng.nextDouble() < thinkingShare) {
                if (c.anthropicHint) {
                    c.thinkingBudget = thinkingBudget;
                    c.maxTokens = Math.max(c.maxTokens, thinkingBudget + 4096);
                } else {
                    c.reasoningEffort = rng.nextBoolean() ? "high" : "medium";
                }
            }
        }
    }

    /**
     * Ordinary chat: a family per session, an opener, then follow-ups with the assistant's answers in
     * the history. An optional system prompt from the account's own small set.
     */
    static Voice chat(Mix mix, Params params, String[] systems, double systemShare) {
        return (a, turn, c) -> {
            SplittableRandom rng = a.rng;
            if (turn == 0) {
                a.history.clear();
                Family f = mix.pick(rng);
                a.mode = f.ordinal();
                a.counter = systems.length > 0 && rng.nextDouble() < systemShare ? 1 + rng.nextInt(systems.length) : 0;
                a.history.add(Msg.user(f.opener(rng)));
            } else {
                Family f = FAMILIES[a.mode];
                a.history.add(Msg.assistant(f.answer(rng)));
                a.history.add(Msg.user(f.followUp(rng)));
            }
            Family f = FAMILIES[a.mode];
            c.system = a.counter > 0 ? systems[a.counter - 1] : null;
            c.systemConstant = true;
            c.messages.addAll(a.history);
            c.anthropicHint = a.client.anthropic();
            params.apply(rng, c);
            c.outputTokens = f.outputTokens(rng);
        };
    }

    /** A fixed prompt sent again and again (a CI job, a health check, a cron summary). */
    static Voice fixed(String system, String prompt, Params params) {
        return (a, turn, c) -> {
            c.system = system;
            c.systemConstant = true;
            c.messages.add(Msg.user(prompt));
            c.anthropicHint = a.client.anthropic();
            params.apply(a.rng, c);
            c.outputTokens = 40 + a.rng.nextInt(20);
        };
    }

    /**
     * An agent loop with tools: turn 0 states the task, every later turn returns the previous tool
     * call's result. The system prompt comes from {@code system} (a fixed prompt or a paraphrase template).
     */
    static Voice agent(ToolSet tools, Phrase system, Phrase task, Family family, Params params) {
        return (a, turn, c) -> {
            SplittableRandom rng = a.rng;
            if (turn == 0) {
                a.history.clear();
                a.history.add(Msg.user(task.expand(rng)));
                a.sessionSystem = system.expand(rng);
            } else {
                int t = rng.nextInt(tools.size());
                String callId = Ids.hex(a.client.anthropic() ? "toolu_" : "call_", rng.nextLong(), 16);
                String tool = tools.toolName(t);
                String args = "{\"" + firstParam(tools, t) + "\":\"" + argument(rng) + "\"}";
                a.history.add(Msg.toolCall(tool, callId, args, rng.nextInt(3) == 0 ? family.answer(rng) : null));
                a.history.add(Msg.toolResult(callId, toolOutput(rng)));
                if ((a.history.size() - 1) / 2 > KEPT_STEPS) {
                    // context management, as agent frameworks do: the oldest step is dropped and noted
                    a.history.subList(1, 3).clear();
                    Msg first = a.history.get(0);
                    if (!first.text().endsWith(COMPACTED)) {
                        a.history.set(0, Msg.user(first.text() + "\n\n" + COMPACTED));
                    }
                }
            }
            c.system = a.sessionSystem;
            c.systemConstant = true;
            c.tools = tools;
            c.messages.addAll(a.history);
            c.anthropicHint = a.client.anthropic();
            params.apply(rng, c);
            c.outputTokens = family.outputTokens(rng) / 2;
            if (a.turnsLeft > 1) {
                c.stopReason = a.client.anthropic() ? "tool_use" : "tool_calls";
                c.outputTokens = 40 + rng.nextInt(160);
            }
        };
    }

    /** Tool steps an agent keeps verbatim in its context; older ones are summarised. */
    static final int KEPT_STEPS = 3;
    static final String COMPACTED = "[Earlier tool calls and results were summarised to save context.]";

    private static final Phrase ARG = Lexicon.phrase("[{file}|{file}|grep -rn \"{tool}\" src|pytest -x -q|go test ./...|npm test|ls {file}|cat {file}]");
    private static final Phrase OUTPUT = Lexicon.phrase(
            "[{snippet}|FAILED tests/test_{tool}.py::test_case_{n} - AssertionError: expected {n}, got {big}|ok  \tpkg/{tool}\t0.{n}s|"
            + "{file}:{n}: {bug}|Ran {n} tests in 0.{n}s\n\nOK|{big} files changed, {n} insertions(+)]");

    static String argument(SplittableRandom rng) {
        return ARG.expand(rng).replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String toolOutput(SplittableRandom rng) {
        return OUTPUT.expand(rng);
    }

    private static String firstParam(ToolSet tools, int t) {
        String schema = tools.tools().get(t).schemaJson();
        int start = schema.indexOf("\"properties\":{\"") + 15;
        return schema.substring(start, schema.indexOf('"', start));
    }

    /** Picks one of two voices per session: {@code second} with probability {@code share}. */
    static Voice blend(Voice first, Voice second, double share) {
        return new Voice() {
            @Override
            public void compose(Actor a, int turn, Call c) {
                // nested blends each keep their own per-session choice
                Boolean alt = turn == 0 ? null : a.choices.get(this);
                if (alt == null) {
                    alt = a.rng.nextDouble() < share;
                    a.choices.put(this, alt);
                }
                (alt ? second : first).compose(a, turn, c);
            }
        };
    }

    /**
     * Single-turn templated requests: a system prompt and a task rendered from templates (each
     * account may favour its own variants), the campaign's or the benchmark's way of working.
     */
    static Voice templated(Phrase system, Phrase[] tasks, Family family, Params params, ToolSet tools) {
        return (a, turn, c) -> {
            SplittableRandom rng = a.rng;
            if (turn == 0) {
                a.history.clear();
            } else {
                a.history.add(Msg.assistant(family.answer(rng)));
            }
            a.history.add(Msg.user(tasks[rng.nextInt(tasks.length)].expand(rng)));
            c.system = system == null ? null : system.expand(rng);
            c.tools = tools;
            c.messages.addAll(a.history);
            c.anthropicHint = a.client.anthropic();
            params.apply(rng, c);
            c.outputTokens = family.outputTokens(rng);
        };
    }
}
