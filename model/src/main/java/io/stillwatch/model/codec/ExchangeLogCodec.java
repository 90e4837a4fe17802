package io.stillwatch.model.codec;

import static io.stillwatch.model.codec.Fields.required;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.model.Action;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ResponseSummary;
import io.stillwatch.model.Usage;
import io.stillwatch.model.codec.LineCodec.ContractViolation;
import java.io.IOException;
import java.time.Instant;

/** Codec of the exchange log, contract §1. Field names and types exactly as the contract has them. */
public final class ExchangeLogCodec implements LineCodec<ExchangeRecord> {
    public static final ExchangeLogCodec INSTANCE = new ExchangeLogCodec();

    private ExchangeLogCodec() {
    }

    @Override
    public ExchangeRecord decode(JsonParser p) throws IOException {
        Fields.expectObject(p, "exchange");
        Integer v = null;
        Integer status = null;
        String id = null, account = null, key = null, ip = null, ua = null, api = null, model = null;
        Instant ts = null;
        Boolean stream = null;
        JsonNode request = null, fingerprint = null;
        ResponseSummary response = null;
        Usage usage = null;
        Long latency = null;
        Action action = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "v" -> v = Fields.int32(p, name);
                case "id" -> id = Fields.string(p, name);
                case "ts" -> ts = Fields.time(p, name);
                case "account" -> account = Fields.string(p, name);
                case "key" -> key = Fields.string(p, name);
                case "ip" -> ip = Fields.string(p, name);
                case "ua" -> ua = Fields.string(p, name);
                case "api" -> api = Fields.string(p, name);
                case "model" -> model = Fields.string(p, name);
                case "stream" -> stream = Fields.bool(p, name);
                case "request" -> request = Fields.object(p, name);
                case "fingerprint" -> fingerprint = Fields.object(p, name);
                case "response" -> response = decodeResponse(p);
                case "usage" -> usage = decodeUsage(p);
                case "status" -> status = Fields.int32(p, name);
                case "latency_ms" -> latency = Fields.integer(p, name);
                case "action" -> action = decodeAction(p);
                default -> p.skipChildren();
            }
        }
        required(v, "v");
        if (v != ExchangeRecord.VERSION) {
            throw new ContractViolation("field 'v': " + v + " (expected " + ExchangeRecord.VERSION + ")");
        }
        required(id, "id");
        required(ts, "ts");
        required(account, "account");
        required(key, "key");
        required(ip, "ip");
        required(api, "api");
        required(model, "model");
        required(status, "status");
        if (request == null && fingerprint == null) {
            throw new ContractViolation("neither 'request' nor 'fingerprint' is present (expected at least one)");
        }
        try {
            return new ExchangeRecord(v, id, ts, account, key, ip, ua, api, model, Boolean.TRUE.equals(stream),
                    request, fingerprint, response, usage, status, latency, action);
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(e.getMessage());
        }
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

    private static ResponseSummary decodeResponse(JsonParser p) throws IOException {
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
                case "text" -> text = Fields.string(p, "response.text");
                case "reasoning_chars" -> reasoningChars = Fields.int32(p, "response.reasoning_chars");
                case "stop_reason" -> stop = Fields.string(p, "response.stop_reason");
                default -> p.skipChildren();
            }
        }
        return new ResponseSummary(text, reasoningChars, stop);
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
            Fields.MAPPER.writeTree(g, r.request());
        }
        if (r.fingerprint() != null) {
            g.writeFieldName("fingerprint");
            Fields.MAPPER.writeTree(g, r.fingerprint());
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
}
