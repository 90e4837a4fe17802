package io.stillwatch.sim;

import java.util.SplittableRandom;

/**
 * The upstream's answer as the log records it: token counts from the request size and the answer
 * length the voice chose, HTTP status (rate limits, overload, bad requests), and latency from
 * time-to-first-token plus per-token decode time, as measured on public model APIs.
 */
final class Outcome {
    private Outcome() {
    }

    static void settle(Actor a, Call c) {
        SplittableRandom rng = a.rng;
        c.inputTokens = 12 + c.promptChars() * 10 / 37;
        double u = rng.nextDouble();
        int status = 200;
        if (u < 0.004) {
            status = 429;
        } else if (u < 0.006) {
            status = 400;
        } else if (u < 0.0075) {
            status = c.anthropic ? 529 : 503;
        } else if (u < 0.0085) {
            status = 500;
        }
        c.status = status;
        if (status != 200) {
            c.latencyMs = 20 + rng.nextInt(400);
            return;
        }
        if (c.outputTokens <= 0) {
            c.outputTokens = 50 + rng.nextInt(400);
        }
        if (c.maxTokens > 0 && c.outputTokens > c.maxTokens) {
            c.outputTokens = c.maxTokens;
            c.stopReason = c.anthropic ? "max_tokens" : "length";
        }
        if (c.stopReason == null) {
            c.stopReason = c.anthropic ? "end_turn" : "stop";
        }
        if (c.thinkingBudget > 0) {
            c.reasoningTokens = Math.min(c.thinkingBudget, 200 + rng.nextInt(Math.max(1, c.thinkingBudget)));
        } else if (c.reasoningEffort != null) {
            int scale = switch (c.reasoningEffort) {
                case "high" -> 6000;
                case "medium" -> 2500;
                default -> 800;
            };
            c.reasoningTokens = 100 + rng.nextInt(scale);
        }
        long ttft = 250 + rng.nextInt(900) + c.inputTokens / 40;
        double perToken = c.model.contains("mini") || c.model.contains("haiku") ? 6 : 14;
        long latency = ttft + (long) ((c.outputTokens + c.reasoningTokens) * perToken * (0.7 + 0.6 * rng.nextDouble()));
        c.latencyMs = Math.min(latency, 170_000);
    }
}
