package io.stillwatch.model;

import java.util.Locale;

/** Enforcement the gateway applied to one exchange (contract §1, field {@code action}). */
public enum Action {
    ALLOW, THROTTLE, CHALLENGE, BLOCK, WITHHOLD_REASONING, DENY_POLICY, DENY_LIMIT;

    /** The contract's spelling, e.g. {@code withhold_reasoning}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the contract's spelling; throws {@link IllegalArgumentException} naming the allowed values. */
    public static Action fromWire(String value) {
        for (Action a : values()) {
            if (a.wire().equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + value + "' (expected one of "
                + java.util.Arrays.stream(values()).map(Action::wire).toList() + ")");
    }
}
