package io.stillwatch.model.codec;

import static io.stillwatch.model.codec.Fields.required;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.stillwatch.model.Action;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.ResponseSummary;
import io.stillwatch.model.Usage;
import io.stillwatch.model.codec.JsonScanner.Name;
import io.stillwatch.model.codec.LineCodec.ContractViolation;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/** Codec of the exchange log, contract §1. Field names and types exactly as the contract has them. */
public final class ExchangeLogCodec implements LineCodec<ExchangeRecord> {
    public static final ExchangeLogCodec INSTANCE = new ExchangeLogCodec();

    private ExchangeLogCodec() {
    }

    @Override
    public ExchangeRecord decode(JsonParser p) throws IOException {
        Line<JsonNode> l = read(p, Fields::tree, false);
        try {
            return new ExchangeRecord(l.v, l.id, l.ts, l.account, l.key, l.ip, l.ua, l.api, l.model,
                    Boolean.TRUE.equals(l.stream), l.request, l.fingerprint, l.response, l.usage, l.status, l.latency,
                    l.action);
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(e.getMessage());
        }
    }

    /**
     * A decoder of the same lines, checked the same way, that hands the {@code request} body to
     * {@code requestReader} instead of building its tree and keeps only what detection reads
     * ({@link ExchangeSummary}).
     */
    public static <P> LineDecoder<ExchangeSummary<P>> summaries(RequestReader<P> requestReader) {
        return new Summaries<>(requestReader);
    }

    /**
     * The summary decoder. Lines take the {@link JsonScanner} path first: one pass over the bytes, fields in
     * any order, the request handed to the reader's scanner path; any line it does not fully accept (a
     * contract violation, a repeated field, JSON it declines) goes through the parser, as every line did
     * before, so both paths give the same summaries and the same errors. Account, IP and model strings come
     * from bounded {@link ByteInterner}s. Not thread-safe, as the request reader is not.
     */
    private static final class Summaries<P> implements LineDecoder<ExchangeSummary<P>> {
        private static final Name V = Name.of("v"), ID = Name.of("id"), TS = Name.of("ts"), IP = Name.of("ip"),
                KEY = Name.of("key"), UA = Name.of("ua"), API = Name.of("api"), MODEL = Name.of("model"),
                STREAM = Name.of("stream"), STATUS = Name.of("status"), ACTION = Name.of("action"),
                ACCOUNT = Name.of("account"), REQUEST = Name.of("request"), RESPONSE = Name.of("response"),
                USAGE = Name.of("usage"), FINGERPRINT = Name.of("fingerprint"), LATENCY = Name.of("latency_ms"),
                TEXT = Name.of("text"), STOP_REASON = Name.of("stop_reason"),
                REASONING_CHARS = Name.of("reasoning_chars"), INPUT_TOKENS = Name.of("input_tokens"),
                OUTPUT_TOKENS = Name.of("output_tokens"), REASONING_TOKENS = Name.of("reasoning_tokens");
        /** Bits of the fields seen on a line: a repeated one goes to the parser (last value wins there). */
        private static final int SEEN_V = 1, SEEN_ID = 1 << 1, SEEN_TS = 1 << 2, SEEN_IP = 1 << 3, SEEN_KEY = 1 << 4,
                SEEN_UA = 1 << 5, SEEN_API = 1 << 6, SEEN_MODEL = 1 << 7, SEEN_STREAM = 1 << 8, SEEN_STATUS = 1 << 9,
                SEEN_ACTION = 1 << 10, SEEN_ACCOUNT = 1 << 11, SEEN_REQUEST = 1 << 12, SEEN_RESPONSE = 1 << 13,
                SEEN_USAGE = 1 << 14, SEEN_FINGERPRINT = 1 << 15, SEEN_LATENCY = 1 << 16;
        /** Slots of the interners: accounts and IPs of the active population (a log of six weeks has ~28,000
         * accounts), at ~100 bytes a slot at most ~6.5 MB each; models are a handful. */
        private static final int ACCOUNT_SLOTS = 1 << 16, IP_SLOTS = 1 << 16, MODEL_SLOTS = 1 << 8;

        private final RequestReader<P> requestReader;
        private final JsonScanner in = new JsonScanner();
        private final ByteInterner accounts = new ByteInterner(ACCOUNT_SLOTS);
        private final ByteInterner ips = new ByteInterner(IP_SLOTS);
        private final ByteInterner models = new ByteInterner(MODEL_SLOTS);

        Summaries(RequestReader<P> requestReader) {
            this.requestReader = Objects.requireNonNull(requestReader, "requestReader");
        }

        @Override
        public ExchangeSummary<P> decode(JsonParser p) throws IOException {
            Line<P> l = read(p, requestReader, true);
            // the checks ExchangeRecord's constructor makes, so both decoders accept the same lines
            if (l.status < 100 || l.status > 599) {
                throw new ContractViolation("status: " + l.status + " (expected an HTTP status 100-599)");
            }
            if (l.latency != null && l.latency < 0) {
                throw new ContractViolation("latency_ms: " + l.latency + " (expected >= 0)");
            }
            return new ExchangeSummary<>(l.id, l.ts, l.account, l.ip, l.model, l.usage, l.request, l.fingerprint);
        }

        @Override
        public ExchangeSummary<P> decode(byte[] line, int from, int to) throws IOException {
            try {
                return scan(line, from, to);
            } catch (JsonScanner.Declined e) {
                return null;
            }
        }

        /** As {@link #read} and {@link #decode(JsonParser)}, every check in the same place; declines instead of throwing. */
        private ExchangeSummary<P> scan(byte[] line, int from, int to) throws IOException {
            JsonScanner in = this.in;
            in.reset(line, from, to);
            in.enterObject();
            int seen = 0;
            String id = null, account = null, ip = null, model = null;
            Instant ts = null;
            P request = null;
            JsonNode fingerprint = null;
            Usage usage = null;
            long v = 0, status = 0;
            while (in.nextField()) {
                int field;
                switch (in.nameLength()) {
                    case 1 -> field = in.nameIs(V) ? SEEN_V : 0;
                    case 2 -> field = in.nameIs(ID) ? SEEN_ID : in.nameIs(TS) ? SEEN_TS : in.nameIs(IP) ? SEEN_IP
                            : in.nameIs(UA) ? SEEN_UA : 0;
                    case 3 -> field = in.nameIs(KEY) ? SEEN_KEY : in.nameIs(API) ? SEEN_API : 0;
                    case 5 -> field = in.nameIs(MODEL) ? SEEN_MODEL : in.nameIs(USAGE) ? SEEN_USAGE : 0;
                    case 6 -> field = in.nameIs(STREAM) ? SEEN_STREAM : in.nameIs(STATUS) ? SEEN_STATUS
                            : in.nameIs(ACTION) ? SEEN_ACTION : 0;
                    case 7 -> field = in.nameIs(ACCOUNT) ? SEEN_ACCOUNT : in.nameIs(REQUEST) ? SEEN_REQUEST : 0;
                    case 8 -> field = in.nameIs(RESPONSE) ? SEEN_RESPONSE : 0;
                    case 10 -> field = in.nameIs(LATENCY) ? SEEN_LATENCY : 0;
                    case 11 -> field = in.nameIs(FINGERPRINT) ? SEEN_FINGERPRINT : 0;
                    default -> field = 0;
                }
                if ((seen & field) != 0) {
                    throw JsonScanner.declined();
                }
                seen |= field;
                switch (field) {
                    case SEEN_V -> v = in.integer();
                    case SEEN_ID -> id = in.string();
                    case SEEN_TS -> ts = time(in.string());
                    case SEEN_ACCOUNT -> account = in.string(accounts);
                    case SEEN_IP -> ip = in.string(ips);
                    case SEEN_MODEL -> model = in.string(models);
                    case SEEN_KEY, SEEN_API -> in.skipString();
                    case SEEN_UA -> {
                        if (!in.tryNull()) {
                            in.skipString();
                        }
                    }
                    case SEEN_STREAM -> {
                        if (!in.tryNull()) {
                            in.bool();
                        }
                    }
                    case SEEN_REQUEST -> {
                        if (in.peek() != '{') {
                            throw JsonScanner.declined(); // null: the parser's path, rare
                        }
                        request = requestReader.read(in);
                    }
                    case SEEN_FINGERPRINT -> fingerprint = fingerprint();
                    case SEEN_RESPONSE -> skipResponse();
                    case SEEN_USAGE -> usage = usage();
                    case SEEN_STATUS -> status = in.integer();
                    case SEEN_LATENCY -> {
                        if (!in.tryNull() && in.integer() < 0) {
                            throw JsonScanner.declined();
                        }
                    }
                    case SEEN_ACTION -> {
                        if (!in.tryNull()) {
                            action(in.string());
                        }
                    }
                    default -> in.skipValue();
                }
            }
            in.expectEnd();
            int required = SEEN_V | SEEN_ID | SEEN_TS | SEEN_ACCOUNT | SEEN_KEY | SEEN_IP | SEEN_API | SEEN_MODEL
                    | SEEN_STATUS;
            if ((seen & required) != required || v != ExchangeRecord.VERSION || status < 100 || status > 599
                    || request == null && fingerprint == null) {
                throw JsonScanner.declined();
            }
            return new ExchangeSummary<>(id, ts, account, ip, model, usage, request, fingerprint);
        }

        private static Instant time(String text) {
            try {
                return Rfc3339.parse(text);
            } catch (IllegalArgumentException e) {
                throw JsonScanner.declined();
            }
        }

        private static void action(String text) {
            try {
                Action.fromWire(text);
            } catch (IllegalArgumentException e) {
                throw JsonScanner.declined();
            }
        }

        /** As {@link Fields#object(JsonParser, String)}: the object's tree, or null. */
        private JsonNode fingerprint() throws IOException {
            if (in.tryNull()) {
                return null;
            }
            if (in.peek() != '{') {
                throw JsonScanner.declined();
            }
            int start = in.position();
            in.skipValue();
            try (JsonParser p = JsonScanner.JSON.createParser(in.bytes(), start, in.position() - start)) {
                p.nextToken();
                return Fields.tree(p);
            }
        }

        /** As {@link #decodeResponse} with {@code lean}: checked, not kept. */
        private void skipResponse() {
            if (in.tryNull()) {
                return;
            }
            in.enterObject();
            while (in.nextField()) {
                if (in.nameIs(TEXT) || in.nameIs(STOP_REASON)) {
                    if (!in.tryNull()) {
                        in.skipString();
                    }
                } else if (in.nameIs(REASONING_CHARS)) {
                    if (!in.tryNull()) {
                        long n = in.integer();
                        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
                            throw JsonScanner.declined();
                        }
                    }
                } else {
                    in.skipValue();
                }
            }
        }

        /** A count of {@link #usage()}, or null. */
        private Long count() {
            if (in.tryNull()) {
                return null;
            }
            return in.integer();
        }

        /** As {@link #decodeUsage}: repeated counts read by their last value, as there. */
        private Usage usage() {
            if (in.tryNull()) {
                return null;
            }
            in.enterObject();
            Long input = null, output = null, reasoning = null;
            while (in.nextField()) {
                if (in.nameIs(INPUT_TOKENS)) {
                    input = count();
                } else if (in.nameIs(OUTPUT_TOKENS)) {
                    output = count();
                } else if (in.nameIs(REASONING_TOKENS)) {
                    reasoning = count();
                } else {
                    in.skipValue();
                }
            }
            return new Usage(input, output, reasoning);
        }

    }

    /** The fields of one line, read and checked against the contract. */
    private static final class Line<P> {
        Integer v;
        int status;
        String id, account, key, ip, ua, api, model;
        Instant ts;
        Boolean stream;
        P request;
        JsonNode fingerprint;
        ResponseSummary response;
        Usage usage;
        Long latency;
        Action action;
    }

    /**
     * @param lean for a summary: the values it does not keep (key, user agent, api, response) are checked as
     *             the full decoder checks them but not read (no strings made of them); {@code key} and
     *             {@code api} read as "" when present
     */
    private static <P> Line<P> read(JsonParser p, RequestReader<P> requestReader, boolean lean) throws IOException {
        Fields.expectObject(p, "exchange");
        Line<P> l = new Line<>();
        Integer status = null;
        boolean hasRequest = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "v" -> l.v = Fields.int32(p, name);
                case "id" -> l.id = Fields.string(p, name);
                case "ts" -> l.ts = Fields.time(p, name);
                case "account" -> l.account = Fields.string(p, name);
                case "key" -> l.key = lean ? Fields.skipString(p, name) : Fields.string(p, name);
                case "ip" -> l.ip = Fields.string(p, name);
                case "ua" -> l.ua = lean ? Fields.skipString(p, name) : Fields.string(p, name);
                case "api" -> l.api = lean ? Fields.skipString(p, name) : Fields.string(p, name);
                case "model" -> l.model = Fields.string(p, name);
                case "stream" -> l.stream = Fields.bool(p, name);
                case "request" -> {
                    l.request = Fields.object(p, name, requestReader);
                    hasRequest = l.request != null;
                }
                case "fingerprint" -> l.fingerprint = Fields.object(p, name);
                case "response" -> l.response = decodeResponse(p, lean);
                case "usage" -> l.usage = decodeUsage(p);
                case "status" -> status = Fields.int32(p, name);
                case "latency_ms" -> l.latency = Fields.integer(p, name);
                case "action" -> l.action = decodeAction(p);
                default -> p.skipChildren();
            }
        }
        required(l.v, "v");
        if (l.v != ExchangeRecord.VERSION) {
            throw new ContractViolation("field 'v': " + l.v + " (expected " + ExchangeRecord.VERSION + ")");
        }
        required(l.id, "id");
        required(l.ts, "ts");
        required(l.account, "account");
        required(l.key, "key");
        required(l.ip, "ip");
        required(l.api, "api");
        required(l.model, "model");
        l.status = required(status, "status");
        if (!hasRequest && l.fingerprint == null) {
            throw new ContractViolation("neither 'request' nor 'fingerprint' is present (expected at least one)");
        }
        return l;
    }

    private static Action decodeAction(JsonParser p) throws IOException {
        String text = Fields.string(p, "action");
        if (text == null) {
            return null;
        }
        try {
            return Action.fromWire(text);
        } catch (IllegalArgumentException e) {
            throw new ContractViolation("field 'action': " + e.getMessage());
        }
    }

    /** The response summary; with {@code lean}, checked the same way but not kept (null). */
    private static ResponseSummary decodeResponse(JsonParser p, boolean lean) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new ContractViolation("field 'response': expected an object, got " + Fields.describe(p.currentToken()));
        }
        String text = null, stop = null;
        Integer reasoningChars = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "text" -> text = lean ? Fields.skipString(p, "response.text") : Fields.string(p, "response.text");
                case "reasoning_chars" -> reasoningChars = Fields.int32(p, "response.reasoning_chars");
                case "stop_reason" -> stop = lean ? Fields.skipString(p, "response.stop_reason")
                        : Fields.string(p, "response.stop_reason");
                default -> p.skipChildren();
            }
        }
        return lean ? null : new ResponseSummary(text, reasoningChars, stop);
    }

    private static Usage decodeUsage(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new ContractViolation("field 'usage': expected an object, got " + Fields.describe(p.currentToken()));
        }
        Long in = null, out = null, reasoning = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "input_tokens" -> in = Fields.integer(p, "usage.input_tokens");
                case "output_tokens" -> out = Fields.integer(p, "usage.output_tokens");
                case "reasoning_tokens" -> reasoning = Fields.integer(p, "usage.reasoning_tokens");
                default -> p.skipChildren();
            }
        }
        return new Usage(in, out, reasoning);
    }

    @Override
    public void encode(ExchangeRecord r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("v", r.v());
        g.writeStringField("id", r.id());
        g.writeStringField("ts", Rfc3339.format(r.ts()));
        g.writeStringField("account", r.account());
        g.writeStringField("key", r.key());
        g.writeStringField("ip", r.ip());
        if (r.ua() != null) {
            g.writeStringField("ua", r.ua());
        }
        g.writeStringField("api", r.api());
        g.writeStringField("model", r.model());
        if (r.stream()) {
            g.writeBooleanField("stream", true);
        }
        if (r.request() != null) {
            g.writeFieldName("request");
            writeValue(g, r.request());
        }
        if (r.fingerprint() != null) {
            g.writeFieldName("fingerprint");
            writeValue(g, r.fingerprint());
        }
        ResponseSummary resp = r.response();
        if (resp != null && !resp.isEmpty()) {
            g.writeObjectFieldStart("response");
            if (resp.text() != null) {
                g.writeStringField("text", resp.text());
            }
            if (resp.reasoningChars() != null) {
                g.writeNumberField("reasoning_chars", resp.reasoningChars());
            }
            if (resp.stopReason() != null) {
                g.writeStringField("stop_reason", resp.stopReason());
            }
            g.writeEndObject();
        }
        Usage u = r.usage();
        if (u != null && !u.isEmpty()) {
            g.writeObjectFieldStart("usage");
            if (u.inputTokens() != null) {
                g.writeNumberField("input_tokens", u.inputTokens());
            }
            if (u.outputTokens() != null) {
                g.writeNumberField("output_tokens", u.outputTokens());
            }
            if (u.reasoningTokens() != null) {
                g.writeNumberField("reasoning_tokens", u.reasoningTokens());
            }
            g.writeEndObject();
        }
        g.writeNumberField("status", r.status());
        if (r.latencyMs() != null) {
            g.writeNumberField("latency_ms", r.latencyMs());
        }
        if (r.action() != null) {
            g.writeStringField("action", r.action().wire());
        }
        g.writeEndObject();
    }

    /**
     * A tree through the mapper; pre-serialised JSON (Jackson's {@link RawValue} in a {@link POJONode}, as the
     * gateway hands over the client's validated request bytes) straight to the generator as it is: what the
     * mapper would end up writing, without looking up a serializer for every record.
     */
    private static void writeValue(JsonGenerator g, JsonNode value) throws IOException {
        if (value instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
            raw.serialize(g);
        } else {
            Fields.MAPPER.writeTree(g, value);
        }
    }
}
