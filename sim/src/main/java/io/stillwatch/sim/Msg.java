package io.stillwatch.sim;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * One entry of a conversation's history, independent of the API's wire shape: the encoder renders it
 * as OpenAI chat messages or Anthropic content blocks. A conversation re-sends its history with every
 * turn, so from its second use on the text's JSON-escaped bytes are kept ({@link #json()}).
 */
final class Msg {
    enum Kind { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }

    private final Kind kind;
    private final String text;
    private final String tool;
    private final String callId;
    private final String argsJson;
    private SerializedString json;
    private boolean used;

    private Msg(Kind kind, String text, String tool, String callId, String argsJson) {
        this.kind = kind;
        this.text = text;
        this.tool = tool;
        this.callId = callId;
        this.argsJson = argsJson;
    }

    static Msg user(String text) {
        return new Msg(Kind.USER, text, null, null, null);
    }

    static Msg assistant(String text) {
        return new Msg(Kind.ASSISTANT, text, null, null, null);
    }

    static Msg toolCall(String tool, String callId, String argsJson, String preface) {
        return new Msg(Kind.TOOL_CALL, preface, tool, callId, argsJson);
    }

    static Msg toolResult(String callId, String text) {
        return new Msg(Kind.TOOL_RESULT, text, null, callId, null);
    }

    Kind kind() {
        return kind;
    }

    String text() {
        return text;
    }

    String tool() {
        return tool;
    }

    String callId() {
        return callId;
    }

    String argsJson() {
        return argsJson;
    }

    /** Null on first use (write the text directly); the cached escaped form from the second use on. */
    SerializedString json() {
        if (!used) {
            used = true;
            return null;
        }
        if (json == null) {
            json = new SerializedString(text);
        }
        return json;
    }
}
