package io.stillwatch.access.keys;

import java.util.Objects;

/**
 * An API key secret in clear, held only between its creation and the one line that shows it to
 * the operator. {@link #toString()} never reveals it, so a secret passed to a logger, a string
 * concatenation or an exception message by mistake prints as {@code Secret[redacted]}.
 */
public final class Secret {
    private final String value;

    Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself: call only to hand it to the operator, once. */
    public String reveal() {
        return value;
    }

    /** Last four characters, enough for an operator to tell keys apart. */
    public String hint() {
        return value.substring(value.length() - 4);
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
