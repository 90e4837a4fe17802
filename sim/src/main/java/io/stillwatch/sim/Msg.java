package io.stillwatch.sim;

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
    private byte[] json;
    private boolean used;
    private byte[] argsQuoted;
    private byte[] argsRaw;

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

    /** The text as a quoted JSON string, once it has been written twice; null before. */
    byte[] json() {
        return json;
    }

    /**
     * Called after the text was written to {@code out} from {@code from} on: the first use is only
     * noted (most texts are sent once), the second keeps a copy for every later turn.
     */
    void written(JsonBytes out, int from) {
        if (used) {
            json = out.copy(from, out.length());
        }
        used = true;
    }

    /** The tool arguments as a JSON string value (OpenAI's {@code function.arguments}). */
    byte[] argsQuoted() {
        if (argsQuoted == null) {
            argsQuoted = JsonBytes.quoted(argsJson);
        }
        return argsQuoted;
    }

    /** The tool arguments as a JSON object value (Anthropic's {@code input}). */
    byte[] argsRaw() {
        if (argsRaw == null) {
            argsRaw = JsonBytes.utf8(argsJson);
        }
        return argsRaw;
    }
}
