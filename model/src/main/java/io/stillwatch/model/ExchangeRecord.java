package io.stillwatch.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One API exchange as the exchange log records it (contract §1).
 *
 * <p>{@code request} is the request body exactly as the client sent it, in that API's own JSON;
 * {@code fingerprint} is the project's own prompt fingerprint. At least one of the two is present.
 * Optional scalar fields are {@code null} when absent.
 *
 * @param v          format version, {@link #VERSION}
 * @param ts         time the request arrived
 * @param key        API key id, never the secret
 * @param ip         client IP as the gateway resolved it
 * @param latencyMs  time to last byte, or null
 */
public record ExchangeRecord(
        int v,
        String id,
        Instant ts,
        String account,
        String key,
        String ip,
        String ua,
        String api,
        String model,
        boolean stream,
        JsonNode request,
        JsonNode fingerprint,
        ResponseSummary response,
        Usage usage,
        int status,
        Long latencyMs,
        Action action) {

    public static final int VERSION = 1;

    public ExchangeRecord {
        requireText(id, "id");
        Objects.requireNonNull(ts, "ts");
        requireText(account, "account");
        requireText(key, "key");
        requireText(ip, "ip");
        requireText(api, "api");
        requireText(model, "model");
        if (request == null && fingerprint == null) {
            throw new IllegalArgumentException("request or fingerprint: both absent (expected at least one)");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected an HTTP status 100-599)");
        }
        if (latencyMs != null && latencyMs < 0) {
            throw new IllegalArgumentException("latency_ms: " + latencyMs + " (expected >= 0)");
        }
    }

    static void requireText(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing (required)");
        }
    }

    /** Usage, never null: {@link Usage#NONE} when the log has none. */
    public Usage usageOrNone() {
        return usage == null ? Usage.NONE : usage;
    }

    public ExchangeRecord withRequest(JsonNode newRequest, JsonNode newFingerprint) {
        return new ExchangeRecord(v, id, ts, account, key, ip, ua, api, model, stream, newRequest, newFingerprint,
                response, usage, status, latencyMs, action);
    }
}
