package io.stillwatch.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The part of an exchange-log line that detection reads (contract §1): when, who, from where, which
 * model, the usage, and the request body reduced by a {@code RequestReader} to {@code P} instead of kept
 * whole. The line was checked against the contract like a full {@link ExchangeRecord}; what detection does
 * not read (key, user agent, response, status, ...) is not kept, so a replay's memory does not grow with
 * prompt sizes.
 *
 * @param request     the reduced request body, or null when the line has none
 * @param fingerprint the line's {@code fingerprint} object, or null; when {@code request} is null it is present
 * @param usage       token usage, {@link Usage#NONE} when the line has none
 */
public record ExchangeSummary<P>(String id, Instant ts, String account, String ip, String model, Usage usage,
                                 P request, JsonNode fingerprint) {

    public ExchangeSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(model, "model");
        usage = usage == null ? Usage.NONE : usage;
        if (request == null && fingerprint == null) {
            throw new IllegalArgumentException("request or fingerprint: both absent (expected at least one)");
        }
    }
}
