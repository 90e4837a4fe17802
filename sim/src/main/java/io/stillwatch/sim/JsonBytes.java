package io.stillwatch.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that exchange-log lines are written into as UTF-8 JSON: constant fragments
 * ({@code ,"account":"}) as bytes encoded once, strings escaped straight into the buffer (RFC 8259
 * §7: quote, backslash and control characters escaped, everything else as UTF-8, as Jackson writes
 * it), numbers without an intermediate String. The simulator writes every line this way; building a
 * JSON tree or going through a generator's state machine was most of its time per exchange.
 */
final class JsonBytes {
    /** Per ASCII character: 0 to copy as is, otherwise the letter after the backslash ('u' for \\u00XX). */
    private static final byte[] ESCAPE = new byte[128];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
    }

    /** Per thread, where {@link #quoted} escapes strings that need it before copying them out. */
    private static final ThreadLocal<JsonBytes> SCRATCH = ThreadLocal.withInitial(() -> new JsonBytes(1024));

    private byte[] buf;
    private int len;
    private char[] chars = new char[0];

    JsonBytes(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    /** UTF-8 bytes of a constant fragment, for {@link #raw(byte[])}. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The quoted, escaped JSON string of {@code s}, for constants written many times. */
    static byte[] quoted(String s) {
        int n = s.length();
        byte[] plain = new byte[n + 2];
        plain[0] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPE[c] != 0) {
                JsonBytes b = SCRATCH.get();
                b.setLength(0);
                b.string(s);
                return b.toArray();
            }
            plain[i + 1] = (byte) c;
        }
        plain[n + 1] = '"';
        return plain;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    void setLength(int n) {
        len = n;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void raw(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void raw(byte[] b) {
        raw(b, 0, b.length);
    }

    void raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** A JSON number. */
    void number(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                raw(utf8(Long.toString(v)));
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int p = len + digits;
        len = p;
        do {
            buf[--p] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
    }

    /** {@code "prefix} followed by {@code digits} lower-case hex digits of {@code value}{@code "}: ids without a String. */
    void hexString(byte[] prefix, long value, int digits) {
        ensure(prefix.length + digits + 2);
        buf[len++] = '"';
        System.arraycopy(prefix, 0, buf, len, prefix.length);
        len += prefix.length;
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = HEX[(int) (value & 15)];
            value >>>= 4;
        }
        len += digits;
        buf[len++] = '"';
    }

    /** A quoted, escaped JSON string. */
    void string(String s) {
        raw((byte) '"');
        escaped(s);
        raw((byte) '"');
    }

    /** The escaped content of a JSON string, without quotes. */
    void escaped(String s) {
        int n = s.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, Math.min(chars.length * 2, 1 << 16))];
        }
        char[] cs = chars;
        s.getChars(0, n, cs, 0);
        ensure(n * 6);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    b[p++] = (byte) c;
                } else {
                    b[p++] = '\\';
                    b[p++] = e;
                    if (e == 'u') {
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 15];
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
                int cp = Character.toCodePoint(c, cs[++i]);
                b[p++] = (byte) (0xf0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | cp & 0x3f);
            } else {
                // a lone surrogate is no character: write the replacement character U+FFFD
                char u = Character.isSurrogate(c) ? '\ufffd' : c;
                b[p++] = (byte) (0xe0 | u >> 12);
                b[p++] = (byte) (0x80 | u >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | u & 0x3f);
            }
        }
        len = p;
    }
}
