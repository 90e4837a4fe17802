package io.stillwatch.access.keys;

import java.util.List;

/**
 * Where {@link CachingAuthenticator} gets credentials: a store that numbers every change to a key
 * with a strictly increasing version, committed in version order, so "everything after version v"
 * is a complete, cheap delta.
 */
@FunctionalInterface
public interface KeyCredentialSource {

    /**
     * Credentials created or changed after {@code version}, and the version they bring the caller
     * to ({@code version} itself when nothing changed). {@code changesSince(0)} is everything.
     *
     * @throws RuntimeException when the store cannot be read; the cache then keeps what it has
     */
    Changes changesSince(long version);

    /** A batch of changed credentials and the version reached. */
    record Changes(List<KeyCredential> credentials, long version) {
        public Changes {
            credentials = List.copyOf(credentials);
        }
    }
}
