package io.stillwatch.access.keys;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of a Stillwatch API key: {@code sw-<keyid>-<secret>}.
 *
 * <ul>
 *   <li>{@code sw-}: a recognisable prefix, so secret scanners (and people) can spot a leaked key;</li>
 *   <li>{@code <keyid>}: {@code k} + 15 base32 characters (75 random bits), public, logged as the
 *       exchange log's {@code key} field; it makes lookup O(1) (no scan over hashes);</li>
 *   <li>{@code <secret>}: 52 base32 characters = 260 bits from {@link SecureRandom}, far beyond
 *       guessing, which is why a fast keyed hash suffices to store it (see {@link SecretHasher}).</li>
 * </ul>
 *
 * The alphabet ({@code a-z2-7}, RFC 4648 base32 in lower case) and the {@code -} separator are all
 * {@code token68} characters (RFC 7235), so the key works as an OpenAI {@code Authorization: Bearer}
 * token and as an Anthropic {@code x-api-key} header value without escaping, and neither part can
 * contain the separator, so parsing is unambiguous. A whole key is 72 characters.
 */
public final class ApiKeyFormat {
    public static final String PREFIX = "sw-";
    static final String KEY_ID_PREFIX = "k";
    static final int KEY_ID_RANDOM_CHARS = 15;
    static final int KEY_ID_LENGTH = KEY_ID_PREFIX.length() + KEY_ID_RANDOM_CHARS;
    static final int SECRET_CHARS = 52;
    /** Length of every well-formed key. */
    public static final int KEY_LENGTH = PREFIX.length() + KEY_ID_LENGTH + 1 + SECRET_CHARS;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecureRandom random;

    public ApiKeyFormat(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new random key id, e.g. {@code kq7d2m...}. */
    public String newKeyId() {
        return KEY_ID_PREFIX + randomChars(KEY_ID_RANDOM_CHARS);
    }

    /** A new secret for {@code keyId}: {@code sw-<keyId>-<52 random base32 characters>}. */
    public Secret newSecret(String keyId) {
        if (!isKeyId(keyId)) {
            throw new IllegalArgumentException("keyId: '" + keyId + "' (expected: k followed by "
                    + KEY_ID_RANDOM_CHARS + " characters of a-z2-7)");
        }
        return new Secret(PREFIX + keyId + "-" + randomChars(SECRET_CHARS));
    }

    /**
     * The key id embedded in a presented key, or empty when the string is not shaped like a
     * Stillwatch key. Never throws and never echoes the input.
     */
    public static Optional<String> keyIdOf(String presented) {
        if (presented == null || presented.length() != KEY_LENGTH || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int sep = PREFIX.length() + KEY_ID_LENGTH;
        if (presented.charAt(sep) != '-') {
            return Optional.empty();
        }
        String keyId = presented.substring(PREFIX.length(), sep);
        if (!isKeyId(keyId) || !inAlphabet(presented, sep + 1, presented.length())) {
            return Optional.empty();
        }
        return Optional.of(keyId);
    }

    /** Whether {@code s} is a well-formed key id. */
    public static boolean isKeyId(String s) {
        return s != null && s.length() == KEY_ID_LENGTH && s.startsWith(KEY_ID_PREFIX)
                && inAlphabet(s, KEY_ID_PREFIX.length(), s.length());
    }

    private static boolean inAlphabet(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }

    private String randomChars(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
