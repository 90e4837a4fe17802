package io.stillwatch.sim;

import static io.stillwatch.sim.JsonBytes.utf8;

import io.stillwatch.model.Apis;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes one {@link Call} as one exchange-log line (contract §1), request bodies in each API's own
 * JSON, straight into a {@link JsonBytes} buffer: every constant part of a line (field names,
 * roles, tool definitions, constant system prompts) is UTF-8 encoded once, and only the text that is
 * new in this exchange is escaped. Field names and order match {@code ExchangeLogCodec}; tests read
 * every line back with {@code ContractFiles.readExchanges}.
 */
final class ExchangeEncoder {
    private static final byte[] ID = utf8("{\"v\":1,\"id\":");
    private static final byte[] ID_PREFIX = utf8("ex_");
    private static final byte[] TS = utf8(",\"ts\":");
    private static final byte[] ACCOUNT = utf8(",\"account\":");
    private static final byte[] KEY = utf8(",\"key\":");
    private static final byte[] IP = utf8(",\"ip\":");
    private static final byte[] UA = utf8(",\"ua\":");
    private static final byte[] API_ANTHROPIC = utf8(",\"api\":" + "\"" + Apis.ANTHROPIC_MESSAGES + "\"");
    private static final byte[] API_OPENAI = utf8(",\"api\":" + "\"" + Apis.OPENAI_CHAT_COMPLETIONS + "\"");
    private static final byte[] MODEL = utf8(",\"model\":");
    private static final byte[] STREAM = utf8(",\"stream\":true");
    private static final byte[] REQUEST = utf8(",\"request\":");
    private static final byte[] RESPONSE = utf8(",\"response\":{");
    private static final byte[] REASONING_CHARS = utf8("\"reasoning_chars\":");
    private static final byte[] STOP_REASON = utf8("\"stop_reason\":");
    private static final byte[] USAGE = utf8(",\"usage\":{\"input_tokens\":");
    private static final byte[] OUTPUT_TOKENS = utf8(",\"output_tokens\":");
    private static final byte[] REASONING_TOKENS = utf8(",\"reasoning_tokens\":");
    private static final byte[] STATUS = utf8("},\"status\":");
    private static final byte[] LATENCY = utf8(",\"latency_ms\":");
    private static final byte[] END = utf8(",\"action\":\"allow\"}\n");

    private static final byte[] REQUEST_MODEL = utf8("{\"model\":");
    private static final byte[] MESSAGES = utf8(",\"messages\":[");
    private static final byte[] SYSTEM_ROLE = utf8("{\"role\":\"system\",\"content\":");
    private static final byte[] DEVELOPER_ROLE = utf8("{\"role\":\"developer\",\"content\":");
    private static final byte[] USER_CONTENT = utf8("{\"role\":\"user\",\"content\":");
    private static final byte[] ASSISTANT_CONTENT = utf8("{\"role\":\"assistant\",\"content\":");
    private static final byte[] NULL = utf8("null");
    private static final byte[] TOOL_CALLS = utf8(",\"tool_calls\":[{\"id\":");
    private static final byte[] FUNCTION = utf8(",\"type\":\"function\",\"function\":{\"name\":");
    private static final byte[] ARGUMENTS = utf8(",\"arguments\":");
    private static final byte[] TOOL_CALLS_END = utf8("}}]}");
    private static final byte[] TOOL_ROLE = utf8("{\"role\":\"tool\",\"tool_call_id\":");
    private static final byte[] CONTENT = utf8(",\"content\":");
    private static final byte[] TOOLS = utf8(",\"tools\":");
    private static final byte[] TEMPERATURE = utf8(",\"temperature\":");
    private static final byte[] TOP_P = utf8(",\"top_p\":");
    private static final byte[] MAX_TOKENS = utf8(",\"max_tokens\":");
    private static final byte[] MAX_COMPLETION_TOKENS = utf8(",\"max_completion_tokens\":");
    private static final byte[] REASONING_EFFORT = utf8(",\"reasoning_effort\":");
    private static final byte[] N = utf8(",\"n\":");
    private static final byte[] STREAM_OPTIONS = utf8(",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    private static final byte[] USER = utf8(",\"user\":");

    private static final byte[] SYSTEM = utf8(",\"system\":");
    private static final byte[] ASSISTANT_BLOCKS = utf8("{\"role\":\"assistant\",\"content\":[");
    private static final byte[] TEXT_BLOCK = utf8("{\"type\":\"text\",\"text\":");
    private static final byte[] TOOL_USE = utf8("{\"type\":\"tool_use\",\"id\":");
    private static final byte[] NAME = utf8(",\"name\":");
    private static final byte[] INPUT = utf8(",\"input\":");
    private static final byte[] TOOL_RESULT = utf8("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":");
    private static final byte[] THINKING = utf8(",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":");
    private static final byte[] METADATA = utf8(",\"metadata\":{\"user_id\":");

    /** Sampling parameters take a handful of values; their text is kept. */
    private static final byte[][] DECIMALS = new byte[201][];

    static {
        for (int i = 0; i < DECIMALS.length; i++) {
            DECIMALS[i] = utf8(i % 100 == 0 ? Integer.toString(i / 100) + ".0" : Double.toString(i / 100.0));
        }
    }

    private final FastTime time = new FastTime();
    /** Quoted forms of strings that recur as the same instance: constant system prompts, models, user agents. */
    private final Map<String, byte[]> constants = new IdentityHashMap<>();
    private final Map<ToolSet, byte[]> openAiTools = new IdentityHashMap<>();
    private final Map<ToolSet, byte[]> anthropicTools = new IdentityHashMap<>();

    /** Appends the line, {@code \n}-terminated, with id {@code ex_} and 16 hex digits of {@code id}. */
    void encode(JsonBytes out, long id, Call c) {
        out.raw(ID);
        out.hexString(ID_PREFIX, id, 16);
        out.raw(TS);
        time.write(c.ts, out);
        out.raw(ACCOUNT);
        out.raw(c.actor.accountJson);
        out.raw(KEY);
        out.raw(c.actor.keysJson[c.keyIndex]);
        out.raw(IP);
        out.string(c.ip);
        if (c.ua != null) {
            out.raw(UA);
            constant(out, c.ua);
        }
        out.raw(c.anthropic ? API_ANTHROPIC : API_OPENAI);
        out.raw(MODEL);
        constant(out, c.model);
        if (c.stream) {
            out.raw(STREAM);
        }
        out.raw(REQUEST);
        if (c.anthropic) {
            anthropic(out, c);
        } else {
            openAi(out, c);
        }
        boolean ok = c.status == 200;
        if (ok) {
            out.raw(RESPONSE);
            if (c.reasoningTokens > 0) {
                out.raw(REASONING_CHARS);
                out.number(c.reasoningTokens * 4);
                out.raw((byte) ',');
            }
            out.raw(STOP_REASON);
            constant(out, c.stopReason);
            out.raw((byte) '}');
        }
        out.raw(USAGE);
        out.number(c.inputTokens);
        if (ok) {
            out.raw(OUTPUT_TOKENS);
            out.number(c.outputTokens);
            if (c.reasoningTokens > 0) {
                out.raw(REASONING_TOKENS);
                out.number(c.reasoningTokens);
            }
        }
        out.raw(STATUS);
        out.number(c.status);
        out.raw(LATENCY);
        out.number(c.latencyMs);
        out.raw(END);
    }

    private void openAi(JsonBytes out, Call c) {
        out.raw(REQUEST_MODEL);
        constant(out, c.model);
        out.raw(MESSAGES);
        boolean first = true;
        if (c.system != null) {
            out.raw(c.model.startsWith("o") ? DEVELOPER_ROLE : SYSTEM_ROLE);
            system(out, c);
            out.raw((byte) '}');
            first = false;
        }
        for (Msg m : c.messages) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            switch (m.kind()) {
                case USER -> {
                    out.raw(USER_CONTENT);
                    text(out, m);
                    out.raw((byte) '}');
                }
                case ASSISTANT -> {
                    out.raw(ASSISTANT_CONTENT);
                    text(out, m);
                    out.raw((byte) '}');
                }
                case TOOL_CALL -> {
                    out.raw(ASSISTANT_CONTENT);
                    if (m.text() == null) {
                        out.raw(NULL);
                    } else {
                        text(out, m);
                    }
                    out.raw(TOOL_CALLS);
                    out.string(m.callId());
                    out.raw(FUNCTION);
                    constant(out, m.tool());
                    out.raw(ARGUMENTS);
                    out.raw(m.argsQuoted());
                    out.raw(TOOL_CALLS_END);
                }
                case TOOL_RESULT -> {
                    out.raw(TOOL_ROLE);
                    out.string(m.callId());
                    out.raw(CONTENT);
                    text(out, m);
                    out.raw((byte) '}');
                }
                default -> throw new IllegalStateException(m.kind().toString());
            }
        }
        out.raw((byte) ']');
        if (c.tools != null) {
            out.raw(TOOLS);
            out.raw(openAiTools.computeIfAbsent(c.tools, t -> utf8(t.openAi())));
        }
        if (!Double.isNaN(c.temperature)) {
            out.raw(TEMPERATURE);
            decimal(out, c.temperature);
        }
        if (!Double.isNaN(c.topP)) {
            out.raw(TOP_P);
            decimal(out, c.topP);
        }
        if (c.maxTokens > 0) {
            out.raw(c.reasoningEffort != null ? MAX_COMPLETION_TOKENS : MAX_TOKENS);
            out.number(c.maxTokens);
        }
        if (c.reasoningEffort != null) {
            out.raw(REASONING_EFFORT);
            constant(out, c.reasoningEffort);
        }
        if (c.n > 1) {
            out.raw(N);
            out.number(c.n);
        }
        if (c.stream) {
            out.raw(STREAM_OPTIONS);
        }
        if (c.endUser != null) {
            out.raw(USER);
            out.string(c.endUser);
        }
        out.raw((byte) '}');
    }

    private void anthropic(JsonBytes out, Call c) {
        out.raw(REQUEST_MODEL);
        constant(out, c.model);
        out.raw(MAX_TOKENS);
        out.number(c.maxTokens > 0 ? c.maxTokens : 4096);
        if (c.system != null) {
            out.raw(SYSTEM);
            system(out, c);
        }
        out.raw(MESSAGES);
        boolean first = true;
        for (Msg m : c.messages) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            switch (m.kind()) {
                case USER -> {
                    out.raw(USER_CONTENT);
                    text(out, m);
                    out.raw((byte) '}');
                }
                case ASSISTANT -> {
                    out.raw(ASSISTANT_CONTENT);
                    text(out, m);
                    out.raw((byte) '}');
                }
                case TOOL_CALL -> {
                    out.raw(ASSISTANT_BLOCKS);
                    if (m.text() != null) {
                        out.raw(TEXT_BLOCK);
                        text(out, m);
                        out.raw((byte) '}');
                        out.raw((byte) ',');
                    }
                    out.raw(TOOL_USE);
                    out.string(m.callId());
                    out.raw(NAME);
                    constant(out, m.tool());
                    out.raw(INPUT);
                    out.raw(m.argsRaw());
                    out.raw((byte) '}');
                    out.raw((byte) ']');
                    out.raw((byte) '}');
                }
                case TOOL_RESULT -> {
                    out.raw(TOOL_RESULT);
                    out.string(m.callId());
                    out.raw(CONTENT);
                    text(out, m);
                    out.raw((byte) '}');
                    out.raw((byte) ']');
                    out.raw((byte) '}');
                }
                default -> throw new IllegalStateException(m.kind().toString());
            }
        }
        out.raw((byte) ']');
        if (c.tools != null) {
            out.raw(TOOLS);
            out.raw(anthropicTools.computeIfAbsent(c.tools, t -> utf8(t.anthropic())));
        }
        if (c.thinkingBudget > 0) {
            out.raw(THINKING);
            out.number(c.thinkingBudget);
            out.raw((byte) '}');
        } else if (!Double.isNaN(c.temperature)) {
            out.raw(TEMPERATURE);
            decimal(out, c.temperature);
        }
        if (!Double.isNaN(c.topP) && c.thinkingBudget == 0) {
            out.raw(TOP_P);
            decimal(out, c.topP);
        }
        if (c.stream) {
            out.raw(STREAM);
        }
        if (c.endUser != null) {
            out.raw(METADATA);
            out.string(c.endUser);
            out.raw((byte) '}');
        }
        out.raw((byte) '}');
    }

    private static void text(JsonBytes out, Msg m) {
        byte[] cached = m.json();
        if (cached != null) {
            out.raw(cached);
            return;
        }
        int from = out.length();
        out.string(m.text());
        m.written(out, from);
    }

    private void system(JsonBytes out, Call c) {
        if (c.systemConstant) {
            constant(out, c.system);
        } else {
            out.string(c.system);
        }
    }

    /**
     * Writes a string that recurs as the same instance (a model name, a user agent, a constant system
     * prompt) from its quoted form, escaped on first sight. Small on purpose, so lookups stay in
     * cache: cleared at 4,096 entries (per-session system prompts pass through), never unbounded.
     */
    private void constant(JsonBytes out, String s) {
        byte[] q = constants.get(s);
        if (q != null) {
            out.raw(q);
            return;
        }
        if (constants.size() >= 4096) {
            constants.clear();
        }
        int from = out.length();
        out.string(s);
        constants.put(s, out.copy(from, out.length()));
    }

    private static void decimal(JsonBytes out, double v) {
        long hundredths = Math.round(v * 100);
        if (hundredths >= 0 && hundredths < DECIMALS.length && Math.abs(hundredths / 100.0 - v) < 1e-9) {
            out.raw(DECIMALS[(int) hundredths]);
        } else {
            out.raw(utf8(Double.toString(v)));
        }
    }
}
