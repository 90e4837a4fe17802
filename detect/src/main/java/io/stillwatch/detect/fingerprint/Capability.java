package io.stillwatch.detect.fingerprint;

/** What an exchange asks the model for (DESIGN.md §4): the capability a campaign harvests. */
public enum Capability {
    REASONING, CODING, AGENTIC, VISION, OTHER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
