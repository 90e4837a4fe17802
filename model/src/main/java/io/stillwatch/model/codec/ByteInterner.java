package io.stillwatch.model.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical strings for ASCII byte ranges that repeat (account ids, IPs, model names): the same bytes give
 * the same {@code String} instance, with its hash already computed, so maps keyed by them find their key by
 * identity and never hash or compare its characters again; and a line costs no new string for them.
 *
 * <p>A direct-mapped cache, not a set: a fixed number of slots, each holding the last string whose bytes
 * hashed there, so memory is bounded (slots × one short string) however many distinct values a log has; a
 * value whose slot was taken by another is simply made again. Not thread-safe.
 */
public final class ByteInterner {
    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    /** @param slots a power of two */
    public ByteInterner(int slots) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: a power of two)");
        }
        keys = new byte[slots][];
        values = new String[slots];
        mask = slots - 1;
    }

    /** The string of the ASCII bytes {@code b[from, to)}. */
    public String intern(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ h >>> 16) & mask;
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, from, to)) {
            return values[slot];
        }
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        s.hashCode(); // cached in the instance from now on
        keys[slot] = Arrays.copyOfRange(b, from, to);
        values[slot] = s;
        return s;
    }
}
