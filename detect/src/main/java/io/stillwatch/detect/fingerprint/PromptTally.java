package io.stillwatch.detect.fingerprint;

/**
 * What {@link PromptPartsReader} and {@link PromptPartsScanner} gather from a request's messages, one message at a
 * time, into its {@link PromptParts}: one tally so the two readers, which see the same request through different
 * parsers, cannot disagree on what a message counts for.
 */
final class PromptTally {
    /** The request's top-level system prompt (Anthropic's {@code system}); readers fill it directly. */
    final StringBuilder system = new StringBuilder();
    private final StringBuilder messageSystem = new StringBuilder();
    private final StringBuilder user = new StringBuilder();
    private int userTurns;
    private boolean assistant;
    private boolean images;
    private boolean toolParts;

    /** Forgets the previous request. */
    void start() {
        system.setLength(0);
        resetMessages();
    }

    /** Forgets the messages read so far (a repeated {@code messages} field: the last one counts). */
    void resetMessages() {
        messageSystem.setLength(0);
        user.setLength(0);
        userTurns = 0;
        assistant = false;
        images = false;
        toolParts = false;
    }

    /** One message: its role, text and whether its content held images, tool parts, or it made tool calls. */
    void message(String role, CharSequence content, boolean contentImages, boolean contentTools, boolean toolCalls) {
        switch (role) {
            case "user" -> {
                userTurns++;
                user.setLength(0);
                user.append(content);
            }
            case "assistant" -> assistant = true;
            case "system", "developer" -> messageSystem.append(content);
            case "tool" -> toolParts = true;
            default -> { }
        }
        images |= contentImages;
        toolParts |= contentTools || toolCalls;
    }

    PromptParts parts(long tools) {
        return new PromptParts(user.toString(), system.append(messageSystem).toString(), tools, userTurns, assistant,
                images, toolParts);
    }
}
