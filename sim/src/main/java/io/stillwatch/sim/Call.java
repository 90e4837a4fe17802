package io.stillwatch.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The exchange being generated: request parts, client, and outcome. One instance is reused for every
 * exchange (the encoder writes it out straight away), so generation allocates little.
 */
final class Call {
    long ts;
    /** The actor that sends it; the encoder takes the account's pre-encoded id and keys from it. */
    Actor actor;
    String account;
    String key;
    /** Which of the client's keys {@link #key} is. */
    int keyIndex;
    String ip;
    String ua;
    boolean anthropic;
    String model;
    boolean stream;

    String system;
    /** The system prompt is a constant string (same instance every time), so its escaped form can be cached. */
    boolean systemConstant;
    final List<Msg> messages = new ArrayList<>();
    ToolSet tools;
    double temperature = Double.NaN;
    double topP = Double.NaN;
    int maxTokens;
    int thinkingBudget;
    String reasoningEffort;
    int n = 1;
    String endUser;
    /** Set by voices before applying parameters: the account's API decides thinking vs reasoning_effort. */
    boolean anthropicHint;

    long inputTokens;
    long outputTokens;
    long reasoningTokens;
    int status;
    long latencyMs;
    String stopReason;

    void reset() {
        model = null;
        system = null;
        systemConstant = false;
        messages.clear();
        tools = null;
        temperature = Double.NaN;
        topP = Double.NaN;
        maxTokens = 0;
        thinkingBudget = 0;
        reasoningEffort = null;
        n = 1;
        endUser = null;
        inputTokens = outputTokens = reasoningTokens = 0;
        stopReason = null;
    }

    /** Characters of prompt text in the request, for token estimates. */
    long promptChars() {
        long c = system == null ? 0 : system.length();
        for (Msg m : messages) {
            c += (m.text() == null ? 0 : m.text().length()) + (m.argsJson() == null ? 0 : m.argsJson().length()) + 8;
        }
        if (tools != null) {
            c += tools.openAi().length();
        }
        return c;
    }
}
