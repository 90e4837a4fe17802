package io.stillwatch.model;

/**
 * What the exchange log keeps of a response (contract §1, field {@code response}); any subset may
 * be present, so each field is nullable.
 */
public record ResponseSummary(String text, Integer reasoningChars, String stopReason) {
    public boolean isEmpty() {
        return text == null && reasoningChars == null && stopReason == null;
    }
}
