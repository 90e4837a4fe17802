package io.stillwatch.model.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical strings for ASCII byte ranges that repeat (account ids, IPs, model names, roles): the same bytes
 * give the same {@code String} instance, with its hash already computed, so maps keyed by them find their key
 * by identity and never hash or compare its characters again; and a line costs no new string for them.
 *
 * <p>A direct-mapped cache, not a set: a fixed number of slots, each holding the last string whose bytes
 * hashed there, so memory is bounded (slots × one short string) however many distinct values a log has; a
 * value whose slot was taken by another is simply made again. Not thread-safe.
 */
public final class ByteInterner {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L; // 2^64 / φ, Fibonacci hashing (Knuth, TAOCP 6.4)

    private final byte[][] keys;
    private final String[] values;
    private final int shift;

    /** @param slots a power of two, at least 2 */
    public ByteInterner(int slots) {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: a power of two >= 2)");
        }
        keys = new byte[slots][];
        values = new String[slots];
        shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    /** The string of the ASCII bytes {@code b[from, to)}. */
    public String intern(byte[] b, int from, int to) {
        // eight bytes a step: the values are short (10-40 bytes), a byte-wise hash and compare cost more than
        // making the string
        long h = to - from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * GOLDEN;
        }
        long tail = 0;
        for (; i < to; i++) {
            tail = tail << 8 | (b[i] & 0xFF);
        }
        int slot = (int) (((h ^ tail) * GOLDEN) >>> shift);
        byte[] k = keys[slot];
        if (k != null && equal(k, b, from, to)) {
            return values[slot];
        }
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        s.hashCode(); // cached in the instance from now on
        keys[slot] = Arrays.copyOfRange(b, from, to);
        values[slot] = s;
        return s;
    }

    private static boolean equal(byte[] k, byte[] b, int from, int to) {
        int n = k.length;
        if (n != to - from) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if ((long) LONGS.get(k, i) != (long) LONGS.get(b, from + i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (k[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }
}
