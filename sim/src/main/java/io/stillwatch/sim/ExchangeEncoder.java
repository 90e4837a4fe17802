package io.stillwatch.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.stillwatch.model.Apis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes one {@link Call} as one exchange-log line (contract §1) with a streaming generator, request
 * bodies in each API's own JSON, without building a tree. Field names and order match
 * {@code ExchangeLogCodec}; tests read every line back with {@code ContractFiles.readExchanges}.
 */
final class ExchangeEncoder {
    private static final JsonFactory JSON = new JsonFactory();

    private final Buffer buffer = new Buffer();
    private final FastTime time = new FastTime();
    private final JsonGenerator g;

    ExchangeEncoder() {
        try {
            g = JSON.createGenerator(buffer, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The encoded line, {@code \n}-terminated. */
    byte[] encode(String id, Call c) {
        try {
            buffer.reset();
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("id", id);
            g.writeStringField("ts", time.format(c.ts));
            g.writeStringField("account", c.account);
            g.writeStringField("key", c.key);
            g.writeStringField("ip", c.ip);
            if (c.ua != null) {
                g.writeStringField("ua", c.ua);
            }
            g.writeStringField("api", c.anthropic ? Apis.ANTHROPIC_MESSAGES : Apis.OPENAI_CHAT_COMPLETIONS);
            g.writeStringField("model", c.model);
            if (c.stream) {
                g.writeBooleanField("stream", true);
            }
            g.writeFieldName("request");
            if (c.anthropic) {
                anthropic(c);
            } else {
                openAi(c);
            }
            boolean ok = c.status == 200;
            if (ok) {
                g.writeObjectFieldStart("response");
                if (c.reasoningTokens > 0) {
                    g.writeNumberField("reasoning_chars", c.reasoningTokens * 4);
                }
                g.writeStringField("stop_reason", c.stopReason);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("usage");
            g.writeNumberField("input_tokens", c.inputTokens);
            if (ok) {
                g.writeNumberField("output_tokens", c.outputTokens);
                if (c.reasoningTokens > 0) {
                    g.writeNumberField("reasoning_tokens", c.reasoningTokens);
                }
            }
            g.writeEndObject();
            g.writeNumberField("status", c.status);
            g.writeNumberField("latency_ms", c.latencyMs);
            g.writeStringField("action", "allow");
            g.writeEndObject();
            g.flush();
            buffer.write('\n');
            return buffer.copy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openAi(Call c) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", c.model);
        g.writeArrayFieldStart("messages");
        if (c.system != null) {
            g.writeStartObject();
            g.writeStringField("role", c.model.startsWith("o") ? "developer" : "system");
            g.writeFieldName("content");
            g.writeString(system(c));
            g.writeEndObject();
        }
        for (Msg m : c.messages) {
            g.writeStartObject();
            switch (m.kind()) {
                case USER -> {
                    g.writeStringField("role", "user");
                    g.writeFieldName("content");
                    g.writeString(m.json());
                }
                case ASSISTANT -> {
                    g.writeStringField("role", "assistant");
                    g.writeFieldName("content");
                    g.writeString(m.json());
                }
                case TOOL_CALL -> {
                    g.writeStringField("role", "assistant");
                    if (m.text() == null) {
                        g.writeNullField("content");
                    } else {
                        g.writeFieldName("content");
                    g.writeString(m.json());
                    }
                    g.writeArrayFieldStart("tool_calls");
                    g.writeStartObject();
                    g.writeStringField("id", m.callId());
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", m.tool());
                    g.writeStringField("arguments", m.argsJson());
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                }
                case TOOL_RESULT -> {
                    g.writeStringField("role", "tool");
                    g.writeStringField("tool_call_id", m.callId());
                    g.writeFieldName("content");
                    g.writeString(m.json());
                }
                default -> throw new IllegalStateException(m.kind().toString());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (c.tools != null) {
            g.writeFieldName("tools");
            g.writeRawValue(c.tools.openAi());
        }
        if (!Double.isNaN(c.temperature)) {
            g.writeFieldName("temperature");
            g.writeNumber(decimal(c.temperature));
        }
        if (!Double.isNaN(c.topP)) {
            g.writeFieldName("top_p");
            g.writeNumber(decimal(c.topP));
        }
        if (c.maxTokens > 0) {
            g.writeNumberField(c.reasoningEffort != null ? "max_completion_tokens" : "max_tokens", c.maxTokens);
        }
        if (c.reasoningEffort != null) {
            g.writeStringField("reasoning_effort", c.reasoningEffort);
        }
        if (c.n > 1) {
            g.writeNumberField("n", c.n);
        }
        if (c.stream) {
            g.writeBooleanField("stream", true);
            g.writeObjectFieldStart("stream_options");
            g.writeBooleanField("include_usage", true);
            g.writeEndObject();
        }
        if (c.endUser != null) {
            g.writeStringField("user", c.endUser);
        }
        g.writeEndObject();
    }

    private void anthropic(Call c) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", c.model);
        g.writeNumberField("max_tokens", c.maxTokens > 0 ? c.maxTokens : 4096);
        if (c.system != null) {
            g.writeFieldName("system");
            g.writeString(system(c));
        }
        g.writeArrayFieldStart("messages");
        int i = 0;
        var ms = c.messages;
        while (i < ms.size()) {
            Msg m = ms.get(i);
            g.writeStartObject();
            switch (m.kind()) {
                case USER -> {
                    g.writeStringField("role", "user");
                    g.writeFieldName("content");
                    g.writeString(m.json());
                }
                case ASSISTANT -> {
                    g.writeStringField("role", "assistant");
                    g.writeFieldName("content");
                    g.writeString(m.json());
                }
                case TOOL_CALL -> {
                    g.writeStringField("role", "assistant");
                    g.writeArrayFieldStart("content");
                    if (m.text() != null) {
                        g.writeStartObject();
                        g.writeStringField("type", "text");
                        g.writeFieldName("text");
                    g.writeString(m.json());
                        g.writeEndObject();
                    }
                    g.writeStartObject();
                    g.writeStringField("type", "tool_use");
                    g.writeStringField("id", m.callId());
                    g.writeStringField("name", m.tool());
                    g.writeFieldName("input");
                    g.writeRawValue(m.argsJson());
                    g.writeEndObject();
                    g.writeEndArray();
                }
                case TOOL_RESULT -> {
                    g.writeStringField("role", "user");
                    g.writeArrayFieldStart("content");
                    g.writeStartObject();
                    g.writeStringField("type", "tool_result");
                    g.writeStringField("tool_use_id", m.callId());
                    g.writeFieldName("content");
                    g.writeString(m.json());
                    g.writeEndObject();
                    g.writeEndArray();
                }
                default -> throw new IllegalStateException(m.kind().toString());
            }
            g.writeEndObject();
            i++;
        }
        g.writeEndArray();
        if (c.tools != null) {
            g.writeFieldName("tools");
            g.writeRawValue(c.tools.anthropic());
        }
        if (c.thinkingBudget > 0) {
            g.writeObjectFieldStart("thinking");
            g.writeStringField("type", "enabled");
            g.writeNumberField("budget_tokens", c.thinkingBudget);
            g.writeEndObject();
        } else if (!Double.isNaN(c.temperature)) {
            g.writeFieldName("temperature");
            g.writeNumber(decimal(c.temperature));
        }
        if (!Double.isNaN(c.topP) && c.thinkingBudget == 0) {
            g.writeFieldName("top_p");
            g.writeNumber(decimal(c.topP));
        }
        if (c.stream) {
            g.writeBooleanField("stream", true);
        }
        if (c.endUser != null) {
            g.writeObjectFieldStart("metadata");
            g.writeStringField("user_id", c.endUser);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private final java.util.IdentityHashMap<String, SerializedString> constants = new java.util.IdentityHashMap<>();

    /** System prompts that voices mark constant are escaped once. */
    private SerializedString system(Call c) {
        if (!c.systemConstant) {
            return new SerializedString(c.system);
        }
        SerializedString s = constants.get(c.system);
        if (s == null) {
            if (constants.size() > 4096) {
                constants.clear();
            }
            s = new SerializedString(c.system);
            constants.put(c.system, s);
        }
        return s;
    }

    /** Sampling parameters take a handful of values; their text is cached. */
    private static String decimal(double v) {
        long tenths = Math.round(v * 100);
        if (tenths >= 0 && tenths < DECIMALS.length && Math.abs(tenths / 100.0 - v) < 1e-9) {
            return DECIMALS[(int) tenths];
        }
        return Double.toString(v);
    }

    private static final String[] DECIMALS = new String[201];

    static {
        for (int i = 0; i < DECIMALS.length; i++) {
            DECIMALS[i] = i % 100 == 0 ? Integer.toString(i / 100) + ".0" : Double.toString(i / 100.0);
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }

        byte[] copy() {
            return Arrays.copyOf(buf, count);
        }
    }
}
