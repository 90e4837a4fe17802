package io.stillwatch.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What an operator may see of an API key: never the secret nor its hash; {@code hint} is the last
 * four characters of the current secret, enough to tell keys apart.
 *
 * @param previousValidUntil end of the rotation grace period of the previous secret, or null
 */
public record ApiKeyInfo(String keyId, String accountId, String name, Instant created, String hint,
                         Instant rotated, Instant previousValidUntil, Instant revoked) {

    /** The state of a key at a given time. */
    public enum Status { ACTIVE, ROTATING, REVOKED }

    public ApiKeyInfo {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(hint, "hint");
    }

    /** REVOKED once revoked (at once, whatever {@code now}); ROTATING while a previous secret is still accepted; else ACTIVE. */
    public Status status(Instant now) {
        if (revoked != null) {
            return Status.REVOKED;
        }
        if (previousValidUntil != null && now.isBefore(previousValidUntil)) {
            return Status.ROTATING;
        }
        return Status.ACTIVE;
    }
}
