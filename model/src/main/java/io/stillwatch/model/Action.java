package io.stillwatch.model;

import java.util.Locale;

/** Enforcement the gateway applied to one exchange (contract §1, field {@code action}). */
public enum Action {
    ALLOW, THROTTLE, CHALLENGE, BLOCK, WITHHOLD_REASONING, DENY_POLICY, DENY_LIMIT;

    /** Every action, read once: {@link #fromWire} runs for every line of a replayed log. */
    private static final Action[] ALL = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The contract's spelling, e.g. {@code withhold_reasoning}. */
    public String wire() {
        return wire;
    }

    /** Parses the contract's spelling; throws {@link IllegalArgumentException} naming the allowed values. */
    public static Action fromWire(String value) {
        for (Action a : ALL) {
            if (a.wire.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + value + "' (expected one of "
                + java.util.Arrays.stream(values()).map(Action::wire).toList() + ")");
    }
}
