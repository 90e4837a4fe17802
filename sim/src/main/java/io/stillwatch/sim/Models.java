package io.stillwatch.sim;

import java.time.Instant;
import java.util.List;

/** The models the simulated provider serves through both APIs, and the release mid-scenario. */
final class Models {
    static final String[] OPENAI = {"gpt-4.1", "gpt-4.1", "gpt-4.1-mini", "o4-mini"};
    static final String[] ANTHROPIC = {"claude-sonnet-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"};
    static final String NEW_OPENAI = "gpt-5.5";
    static final String NEW_ANTHROPIC = "claude-opus-5";

    record Model(String name, Instant released) {
    }

    private Models() {
    }

    static List<Model> catalogue(Instant release) {
        return List.of(new Model("gpt-4.1", Instant.parse("2025-04-14T17:00:00Z")),
                new Model("gpt-4.1-mini", Instant.parse("2025-04-14T17:00:00Z")),
                new Model("o4-mini", Instant.parse("2025-04-16T17:00:00Z")),
                new Model("claude-opus-4-1", Instant.parse("2025-08-05T16:00:00Z")),
                new Model("claude-sonnet-4-5", Instant.parse("2025-09-29T16:00:00Z")),
                new Model("claude-haiku-4-5", Instant.parse("2025-10-15T16:00:00Z")),
                new Model(NEW_OPENAI, release),
                new Model(NEW_ANTHROPIC, release));
    }
}
