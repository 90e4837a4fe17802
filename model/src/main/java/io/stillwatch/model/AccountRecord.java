package io.stillwatch.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One account of the account registry (contract §2). Optional fields are {@code null} when absent;
 * {@code nationality} is never null (empty: not verified).
 *
 * @param payment   opaque fingerprint of the payment instrument
 * @param country   declared billing country, ISO 3166-1 alpha-2
 * @param nationality verified nationalities, ISO 3166-1 alpha-2
 */
public record AccountRecord(
        String account,
        Instant created,
        String org,
        String email,
        String payment,
        String signupIp,
        String country,
        List<String> nationality,
        Kyc kyc,
        String tier) {

    public AccountRecord {
        ExchangeRecord.requireText(account, "account");
        Objects.requireNonNull(created, "created");
        nationality = nationality == null ? List.of() : List.copyOf(nationality);
    }

    /** An account the registry does not know: seen in the log only. */
    public static AccountRecord unknown(String account, Instant firstSeen) {
        return new AccountRecord(account, firstSeen, null, null, null, null, null, List.of(), null, null);
    }
}
