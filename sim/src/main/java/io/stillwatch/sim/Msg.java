package io.stillwatch.sim;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * One entry of a conversation's history, independent of the API's wire shape: the encoder renders it
 * as OpenAI chat messages or Anthropic content blocks. {@code json} holds the text's JSON-escaped
 * bytes once computed, since a conversation re-sends its history with every turn.
 */
record Msg(Kind kind, String text, String tool, String callId, String argsJson, SerializedString json) {
    enum Kind { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }

    static Msg user(String text) {
        return new Msg(Kind.USER, text, null, null, null, new SerializedString(text));
    }

    static Msg assistant(String text) {
        return new Msg(Kind.ASSISTANT, text, null, null, null, new SerializedString(text));
    }

    static Msg toolCall(String tool, String callId, String argsJson, String preface) {
        return new Msg(Kind.TOOL_CALL, preface, tool, callId, argsJson,
                preface == null ? null : new SerializedString(preface));
    }

    static Msg toolResult(String callId, String text) {
        return new Msg(Kind.TOOL_RESULT, text, null, callId, null, new SerializedString(text));
    }
}
