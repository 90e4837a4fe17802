package io.stillwatch.sim;

/**
 * One entry of a conversation's history, independent of the API's wire shape: the encoder renders it
 * as OpenAI chat messages or Anthropic content blocks.
 */
record Msg(Kind kind, String text, String tool, String callId, String argsJson) {
    enum Kind { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }

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
}
