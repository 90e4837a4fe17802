package io.stillwatch.detect.linkage;

/**
 * The kinds of things accounts can share (DESIGN.md §4, across accounts). Synchronised activity is not a kind:
 * it is judged among the holders of each thing ({@link Lockstep}).
 */
public enum ThingKind {
    PAYMENT("shared_payment", "payment fingerprint", true),
    SIGNUP_IP("shared_signup_ip", "sign-up IP", true),
    SIGNUP_PREFIX("shared_signup_prefix", "sign-up network", true),
    EMAIL_DOMAIN("shared_email_domain", "e-mail domain", true),
    EMAIL_PATTERN("shared_email_pattern", "e-mail pattern", true),
    REQUEST_PREFIX("shared_request_prefix", "request network", false),
    TEMPLATE("shared_template", "prompt template", false),
    SYSTEM_PROMPT("shared_system_prompt", "system prompt", false),
    TOOL_SCHEMA("shared_tool_schema", "tool schema", false);

    private final String evidenceKind;
    private final String label;
    private final boolean registry;

    ThingKind(String evidenceKind, String label, boolean registry) {
        this.evidenceKind = evidenceKind;
        this.label = label;
        this.registry = registry;
    }

    /** The {@code kind} of the report's evidence entries. */
    public String evidenceKind() {
        return evidenceKind;
    }

    /** Words for reasons: "shared payment fingerprint with 212 accounts". */
    public String label() {
        return label;
    }

    /** Known from the account registry (at sign-up) rather than from traffic. */
    public boolean registry() {
        return registry;
    }
}
