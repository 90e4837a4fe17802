package io.stillwatch.access;

import java.util.Objects;

/**
 * Outcome of authenticating one request. When {@link #authenticated()} is false, {@code reason}
 * says why in words safe to return to the client (it never contains the secret).
 */
public record AuthResult(boolean authenticated, String accountId, String keyId, Failure failure) {

    /** Why authentication failed. */
    public enum Failure {
        MISSING_KEY("no API key was provided"),
        UNKNOWN_KEY("the API key is not valid"),
        REVOKED_KEY("the API key has been revoked"),
        EXPIRED_KEY("the API key has expired");

        private final String message;

        Failure(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    public AuthResult {
        if (authenticated) {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(keyId, "keyId");
        } else {
            Objects.requireNonNull(failure, "failure");
        }
    }

    public static AuthResult ok(String accountId, String keyId) {
        return new AuthResult(true, accountId, keyId, null);
    }

    public static AuthResult denied(Failure failure) {
        return new AuthResult(false, null, null, failure);
    }
}
