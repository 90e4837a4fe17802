package io.stillwatch.access.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * What the authenticator needs to know about one API key: who owns it, the hash of its current
 * secret, the hash of the secret it replaced (accepted until {@code previousValidUntil}, the
 * rotation grace period) and when it was revoked. Contains hashes only, never a secret.
 */
public record KeyCredential(String keyId, String accountId, byte[] secretHash, byte[] previousHash,
                            Instant previousValidUntil, Instant revokedAt) {

    public KeyCredential {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        requireHash(secretHash, "secretHash");
        secretHash = secretHash.clone();
        if (previousHash != null) {
            requireHash(previousHash, "previousHash");
            Objects.requireNonNull(previousValidUntil, "previousValidUntil (required with previousHash)");
            previousHash = previousHash.clone();
        }
    }

    private static void requireHash(byte[] hash, String name) {
        Objects.requireNonNull(hash, name);
        if (hash.length != SecretHasher.HASH_BYTES) {
            throw new IllegalArgumentException(name + ": " + hash.length + " bytes (expected: "
                    + SecretHasher.HASH_BYTES + ")");
        }
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    @Override
    public byte[] previousHash() {
        return previousHash == null ? null : previousHash.clone();
    }

    // package-private: the authenticator reads without copying on the hot path
    byte[] secretHashRef() {
        return secretHash;
    }

    byte[] previousHashRef() {
        return previousHash;
    }

    @Override
    public String toString() {
        return "KeyCredential[keyId=" + keyId + ", accountId=" + accountId + ", previousValidUntil="
                + previousValidUntil + ", revokedAt=" + revokedAt + "]";
    }
}
