package io.stillwatch.model;

/** Values of the exchange log's {@code api} field. The contract allows others to be added. */
public final class Apis {
    public static final String OPENAI_CHAT_COMPLETIONS = "openai.chat.completions";
    public static final String ANTHROPIC_MESSAGES = "anthropic.messages";

    private Apis() {
    }
}
