package io.stillwatch.access.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the stored form of an API key: HMAC-SHA256 keyed with the server {@link Pepper}, over
 * the whole presented key (which embeds the key id, so a hash is bound to its key), and compares
 * hashes in constant time with {@link MessageDigest#isEqual}.
 *
 * <p>Why a fast keyed hash and not bcrypt/scrypt/Argon2: slow hashes exist to make guessing
 * <em>low-entropy</em> passwords expensive. Our secrets carry 260 random bits, so an attacker with
 * the database cannot enumerate them at any hash speed; a per-request slow hash would only cost the
 * gateway latency and CPU. The pepper adds that a stolen database alone is not even enough to
 * verify a guess. This follows NIST SP 800-63B §5.1.2.2: look-up secrets with at least 112 bits of
 * entropy may be stored hashed with an approved one-way function, while those with less (and
 * memorised secrets, §5.1.1.2) need a salted, deliberately costly key derivation function.
 *
 * <p>Thread-safe: one {@link Mac} per thread.
 */
public final class SecretHasher {
    public static final String SCHEME = "hmac-sha256-v1";
    public static final int HASH_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> mac;

    public SecretHasher(Pepper pepper) {
        Objects.requireNonNull(pepper, "pepper");
        SecretKeySpec key = new SecretKeySpec(pepper.bytes(), ALGORITHM);
        newMac(key); // fail now, not on the first request, if the JDK lacks the algorithm
        this.mac = ThreadLocal.withInitial(() -> newMac(key));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }

    /** The 32-byte stored form of a presented key. */
    public byte[] hash(String presented) {
        return mac.get().doFinal(presented.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] hash(Secret secret) {
        return hash(secret.reveal());
    }

    /** Constant-time comparison of two hashes (time independent of where they differ). */
    public static boolean sameHash(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}
