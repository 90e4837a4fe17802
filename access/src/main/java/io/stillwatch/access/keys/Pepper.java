package io.stillwatch.access.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The server-side secret key of {@link SecretHasher}'s HMAC. Kept outside the database (a file with
 * mode 0600 in the data directory, or an environment variable), so a copy of the database alone
 * does not let anyone test guesses. Never printed: {@link #toString()} is redacted.
 */
public final class Pepper {
    public static final int MIN_BYTES = 32;
    private final byte[] bytes;

    private Pepper(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("pepper: " + bytes.length + " bytes (expected: >= " + MIN_BYTES + ")");
        }
        this.bytes = bytes.clone();
    }

    public static Pepper of(byte[] bytes) {
        return new Pepper(bytes);
    }

    /** Decodes base64 (standard or URL-safe); the message never includes the text. */
    public static Pepper fromBase64(String text) {
        String t = text == null ? "" : text.strip();
        byte[] decoded;
        try {
            decoded = t.indexOf('-') >= 0 || t.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pepper: not valid base64 (expected: base64 of >= " + MIN_BYTES + " random bytes)");
        }
        return new Pepper(decoded);
    }

    public static Pepper random(SecureRandom random) {
        byte[] b = new byte[MIN_BYTES];
        random.nextBytes(b);
        return new Pepper(b);
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "Pepper[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pepper p && java.security.MessageDigest.isEqual(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
