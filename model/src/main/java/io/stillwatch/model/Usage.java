package io.stillwatch.model;

/**
 * Token usage of one exchange (contract §1, field {@code usage}); any subset may be present,
 * so each count is nullable.
 */
public record Usage(Long inputTokens, Long outputTokens, Long reasoningTokens) {
    public static final Usage NONE = new Usage(null, null, null);

    public long inputOrZero() {
        return inputTokens == null ? 0 : inputTokens;
    }

    public long outputOrZero() {
        return outputTokens == null ? 0 : outputTokens;
    }

    public long reasoningOrZero() {
        return reasoningTokens == null ? 0 : reasoningTokens;
    }

    public boolean isEmpty() {
        return inputTokens == null && outputTokens == null && reasoningTokens == null;
    }
}
