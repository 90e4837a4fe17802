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
        Objects.requireNonNull(requestReader, "requestReader");
        return p -> {
            Line<P> l = read(p, requestReader, true);
            // the checks ExchangeRecord's constructor makes, so both decoders accept the same lines
            if (l.status < 100 || l.status > 599) {
                throw new ContractViolation("status: " + l.status + " (expected an HTTP status 100-599)");
            }
            if (l.latency != null && l.latency < 0) {
                throw new ContractViolation("latency_ms: " + l.latency + " (expected >= 0)");
            }
            return new ExchangeSummary<>(l.id, l.ts, l.account, l.ip, l.model, l.usage, l.request, l.fingerprint);
        };
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
