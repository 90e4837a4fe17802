package io.stillwatch.access;

/**
 * Resolves a presented API key secret to the account and key it belongs to. Implementations compare
 * secrets in constant time, never log them, and never throw for bad input: every outcome is an
 * {@link AuthResult}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param presentedSecret the secret from {@code Authorization: Bearer} or {@code x-api-key};
     *                        null or blank when the client sent none
     */
    AuthResult authenticate(String presentedSecret);
}
