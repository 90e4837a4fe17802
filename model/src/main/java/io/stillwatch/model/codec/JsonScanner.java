package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict JSON reader over the bytes of one log line, for the hot path of a replay: no token objects, no
 * field-name tables, strings made only of the values asked for. It accepts a subset of what Jackson's
 * parser accepts with its default settings (JSON as RFC 8259 §2–8 defines it, UTF-8 as RFC 3629 §4 defines
 * it) and <em>declines</em> everything else by throwing {@link Declined}: its caller then reads the line
 * with Jackson, so for any line the scanner is not sure of the result, or the error, is Jackson's own.
 *
 * <p>Declined, besides anything that is not JSON: field names with escapes or over {@value #MAX_NAME_BYTES}
 * bytes; overlong or otherwise unusual UTF-8 (RFC 3629 excludes them, Jackson is laxer); strings over
 * {@value #MAX_STRING_BYTES} bytes, numbers over {@value #MAX_NUMBER_LENGTH} characters, nesting over {@value #MAX_DEPTH} levels (all
 * well inside Jackson's {@code StreamReadConstraints}, so nothing accepted here could break them).
 *
 * <p>Use: {@link #reset} on a line, then {@link #enterObject()} / {@link #nextField()} / value reads, in
 * document order. Not thread-safe; one per reading thread.
 */
public final class JsonScanner {

    /** The scanner does not accept the line: read it with Jackson instead. Stackless; one shared instance. */
    public static final class Declined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Declined() {
            super("declined by the JSON scanner", null, false, false);
        }
    }

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_STRING_BYTES = 1 << 20;
    static final int MAX_NAME_BYTES = 1 << 10;
    static final JsonFactory JSON = new JsonFactory();
    private static final Declined DECLINED = new Declined();
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] b = new byte[0];
    private int pos;
    private int end;
    private int depth;
    /** Per open container (index = depth): whether it has had a field or element, so a comma comes next. */
    private final boolean[] started = new boolean[MAX_DEPTH + 1];
    private int nameFrom;
    private int nameTo;
    private boolean nameAscii;
    private int nameHash; // of the ASCII bytes; meaningless for other names, which match no Name
    private char[] chars = new char[256];

    /** A field name to match, with its hash as {@link #nextField()} computes it. */
    public static final class Name {
        final byte[] bytes;
        final int hash;

        private Name(byte[] bytes) {
            this.bytes = bytes;
            this.hash = hash(bytes, 0, bytes.length);
        }

        /** An ASCII name. */
        public static Name of(String ascii) {
            return new Name(ascii.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }

    /** The one {@link Declined}: {@code throw JsonScanner.declined()}. */
    public static Declined declined() {
        return DECLINED;
    }

    /** Starts on {@code line[from, to)}. */
    public void reset(byte[] line, int from, int to) {
        this.b = line;
        this.pos = from;
        this.end = to;
        this.depth = 0;
    }

    public byte[] bytes() {
        return b;
    }

    /** Index of the next byte to read. */
    public int position() {
        return pos;
    }

    /**
     * A hash of the next (at most) {@code n} bytes after white space, eight at a time: with {@link #skipIfNext},
     * lets a reader recognise a value it has read before by its bytes.
     */
    public long hashAhead(int n) {
        skipWhitespace();
        int to = (int) Math.min(end, (long) pos + n);
        long h = to - pos;
        int i = pos;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * GOLDEN;
        }
        for (; i < to; i++) {
            h = (h ^ b[i]) * GOLDEN;
        }
        return h;
    }

    /**
     * Skips the next value if its bytes are {@code value}, a whole JSON value this scanner accepted before at
     * the same depth: a value ends where its own syntax ends, so the bytes are that value and it needs no
     * second look.
     */
    public boolean skipIfNext(byte[] value) {
        skipWhitespace();
        int n = value.length;
        if (end - pos < n || !Arrays.equals(b, pos, pos + n, value, 0, n)) {
            return false;
        }
        pos += n;
        return true;
    }

    /** Declines unless only white space is left. */
    public void expectEnd() {
        skipWhitespace();
        if (pos != end || depth != 0) {
            throw DECLINED;
        }
    }

    private void skipWhitespace() {
        if (pos < end && b[pos] > ' ') { // most tokens follow the last without white space
            return;
        }
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else {
                return;
            }
        }
    }

    /** First byte of the next value after white space: '"', '{', '[', 't', 'f', 'n', '-' or a digit, or other. */
    public int peek() {
        skipWhitespace();
        if (pos >= end) {
            throw DECLINED;
        }
        return b[pos];
    }

    public void enterObject() {
        if (peek() != '{') {
            throw DECLINED;
        }
        pos++;
        push();
    }

    public void enterArray() {
        if (peek() != '[') {
            throw DECLINED;
        }
        pos++;
        push();
    }

    private void push() {
        if (++depth > MAX_DEPTH) {
            throw DECLINED;
        }
        started[depth] = false;
    }

    /**
     * Moves to the next field of the object entered last: true with the scanner before the field's value
     * (to be read or skipped next) and its name in {@link #nameIs}/{@link #fieldName}; false after the
     * object's closing brace.
     */
    public boolean nextField() {
        if (!nextMember('}')) {
            return false;
        }
        if (peek() != '"') {
            throw DECLINED;
        }
        int i = ++pos;
        boolean ascii = true;
        int h = 0;
        byte x;
        while (i < end && (x = b[i]) != '"') {
            if (x >= 0x20 && x != '\\') {
                h = 31 * h + x;
                i++;
            } else if (x < 0) {
                i = utf8(i, null, 0);
                ascii = false;
            } else { // names with escapes (rare) are left to the parser, so a name's bytes are its text
                throw DECLINED;
            }
        }
        if (i >= end || i - pos > MAX_NAME_BYTES) {
            throw DECLINED;
        }
        nameAscii = ascii;
        nameHash = h;
        nameFrom = pos;
        nameTo = i;
        pos = i + 1;
        if (peek() != ':') {
            throw DECLINED;
        }
        pos++;
        return true;
    }

    /** Moves to the next element of the array entered last: true before it, false after the closing bracket. */
    public boolean nextElement() {
        return nextMember(']');
    }

    /** Past the closing {@code close} (false) or the comma before the next member, if not the first (true). */
    private boolean nextMember(char close) {
        int c = peek();
        if (c == close) {
            pos++;
            depth--;
            return false;
        }
        if (started[depth]) {
            if (c != ',') {
                throw DECLINED;
            }
            pos++;
        } else {
            started[depth] = true;
        }
        return true;
    }

    /** Whether the current field's name is {@code name}. */
    public boolean nameIs(Name name) {
        if (nameHash != name.hash || !nameAscii) {
            return false;
        }
        byte[] k = name.bytes;
        if (nameTo - nameFrom != k.length) {
            return false;
        }
        for (int i = 0; i < k.length; i++) {
            if (b[nameFrom + i] != k[i]) {
                return false;
            }
        }
        return true;
    }

    public int nameLength() {
        return nameTo - nameFrom;
    }

    /** The current field's name; when ASCII (most), the canonical instance from {@code names}. */
    public String fieldName(ByteInterner names) {
        return nameAscii ? names.intern(b, nameFrom, nameTo) : new String(b, nameFrom, nameTo - nameFrom,
                StandardCharsets.UTF_8); // checked UTF-8 without escapes: decodes as the parser decodes it
    }

    /** Skips the next value, checking it is JSON. */
    public void skipValue() {
        switch (peek()) {
            case '"' -> skipString();
            case '{' -> {
                pos++;
                push();
                while (nextField()) {
                    skipValue();
                }
            }
            case '[' -> {
                pos++;
                push();
                while (nextElement()) {
                    skipValue();
                }
            }
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> skipNumber();
        }
    }

    /** Reads {@code null} if it comes next. */
    public boolean tryNull() {
        if (peek() != 'n') {
            return false;
        }
        literal(NULL);
        return true;
    }

    public boolean bool() {
        switch (peek()) {
            case 't' -> {
                literal(TRUE);
                return true;
            }
            case 'f' -> {
                literal(FALSE);
                return false;
            }
            default -> throw DECLINED;
        }
    }

    private void literal(byte[] word) {
        if (end - pos < word.length || !Arrays.equals(b, pos, pos + word.length, word, 0, word.length)) {
            throw DECLINED;
        }
        pos += word.length;
        expectDelimiter();
    }

    /** After a literal or number: the next byte must end it (Jackson reads "truex" or "1x" as an error). */
    private void expectDelimiter() {
        if (pos < end) {
            byte c = b[pos];
            if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                throw DECLINED;
            }
        }
    }

    /**
     * An integer in its plain form, {@code -?(0|[1-9][0-9]{0,17})} (so it fits a long); a fraction, an
     * exponent or more digits decline.
     */
    public long integer() {
        int c = peek();
        boolean negative = c == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long v = 0;
        while (pos < end) {
            int d = b[pos] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            pos++;
        }
        int n = pos - start;
        if (n == 0 || n > 18 || (n > 1 && b[start] == '0')) {
            throw DECLINED;
        }
        if (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E')) {
            throw DECLINED;
        }
        expectDelimiter();
        return negative ? -v : v;
    }

    /** A number as RFC 8259 §6 has it: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void skipNumber() {
        int start = pos;
        if (pos < end && b[pos] == '-') {
            pos++;
        }
        if (pos >= end) {
            throw DECLINED;
        }
        if (b[pos] == '0') {
            pos++;
        } else if (digits() == 0) {
            throw DECLINED;
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            if (digits() == 0) {
                throw DECLINED;
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw DECLINED;
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw DECLINED;
        }
        expectDelimiter();
    }

    private int digits() {
        int start = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** Skips a string value, checking its escapes and UTF-8. */
    public void skipString() {
        if (peek() != '"') {
            throw DECLINED;
        }
        int start = ++pos;
        int i = start;
        while (true) {
            i = plainRun(i);
            byte c = b[i];
            if (c == '"') {
                break;
            }
            i = c == '\\' ? escape(i, null, 0) : utf8(i, null, 0);
        }
        if (i - start > MAX_STRING_BYTES) {
            throw DECLINED;
        }
        pos = i + 1;
    }

    /** A string value. */
    public String string() {
        return string(null);
    }

    /** A string value; when plain ASCII (most) and {@code canon} is given, the canonical instance from it. */
    public String string(ByteInterner canon) {
        if (peek() != '"') {
            throw DECLINED;
        }
        int start = ++pos;
        int i = plainRun(start);
        if (b[i] == '"') {
            pos = i + 1;
            return canon != null ? canon.intern(b, start, i) : new String(b, start, i - start, StandardCharsets.ISO_8859_1);
        }
        int n = decode(start); // may grow chars
        return new String(chars, 0, n);
    }

    /** Appends a string value's text to {@code out}. */
    public void appendString(StringBuilder out) {
        if (peek() != '"') {
            throw DECLINED;
        }
        int n = decode(++pos); // may grow chars
        out.append(chars, 0, n);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long SPACES = ' ' * ONES;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L; // 2^64 / φ, Fibonacci hashing (Knuth, TAOCP 6.4)

    /**
     * Index of the first byte at or after {@code i} that is a quote, a backslash, a control or a non-ASCII
     * byte; declines when the line ends first. Eight bytes at a time, as {@link JsonLinesReader#indexOfNewline}:
     * {@code (x - ONES) & ~x & HIGHS} marks the zero bytes of x (those equal to the quote in
     * {@code x ^ QUOTES}), {@code (x - SPACES) & ~x & HIGHS} the bytes below 0x20, {@code x & HIGHS} those
     * above 0x7F; each is exact for its lowest mark, so the lowest mark of all is the first such byte.
     */
    private int plainRun(int i) {
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            long q = x ^ QUOTES;
            long s = x ^ BACKSLASHES;
            long found = ((q - ONES) & ~q | (s - ONES) & ~s | (x - SPACES) & ~x | x) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"' || c < 0x20 || c == '\\') {
                return i;
            }
        }
        throw DECLINED;
    }

    /** Decodes the string whose text starts at {@code from} into {@link #chars}; its length. */
    private int decode(int from) {
        int i = from;
        int n = 0;
        char[] out = chars;
        while (true) {
            int run = plainRun(i);
            if (n + (run - i) + 2 > out.length) {
                out = chars = Arrays.copyOf(out, Math.max(out.length * 2, n + (run - i) + 2));
            }
            for (; i < run; i++) {
                out[n++] = (char) b[i];
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                i = escape(i, out, n);
                n++;
            } else {
                int next = utf8(i, out, n);
                n += next - i == 4 ? 2 : 1;
                i = next;
            }
        }
        if (i - from > MAX_STRING_BYTES) {
            throw DECLINED;
        }
        pos = i + 1;
        return n;
    }

    /** Reads the escape at {@code b[i]} (a backslash) into {@code out[n]} when out is not null; next index. */
    private int escape(int i, char[] out, int n) {
        if (i + 1 >= end) {
            throw DECLINED;
        }
        char ch;
        int next = i + 2;
        switch (b[i + 1]) {
            case '"' -> ch = '"';
            case '\\' -> ch = '\\';
            case '/' -> ch = '/';
            case 'b' -> ch = '\b';
            case 'f' -> ch = '\f';
            case 'n' -> ch = '\n';
            case 'r' -> ch = '\r';
            case 't' -> ch = '\t';
            case 'u' -> {
                if (i + 6 > end) {
                    throw DECLINED;
                }
                ch = (char) (hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]));
                next = i + 6;
            }
            default -> throw DECLINED;
        }
        if (out != null) {
            out[n] = ch;
        }
        return next;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw DECLINED;
    }

    /**
     * Reads the UTF-8 sequence at {@code b[i]} (a byte >= 0x80, or a control byte, which declines) as RFC 3629
     * §4 allows it, into {@code out[n]} (two chars, a surrogate pair, for four bytes) when out is not null;
     * the next index.
     */
    private int utf8(int i, char[] out, int n) {
        int c = b[i] & 0xff;
        if (c < 0xC2 || c > 0xF4) { // control bytes, continuation bytes, overlong leads, beyond U+10FFFF
            throw DECLINED;
        }
        if (c < 0xE0) {
            int c1 = continuation(i + 1, 0x80, 0xBF);
            if (out != null) {
                out[n] = (char) ((c & 0x1F) << 6 | c1);
            }
            return i + 2;
        }
        if (c < 0xF0) {
            int c1 = continuation(i + 1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF);
            int c2 = continuation(i + 2, 0x80, 0xBF);
            if (out != null) {
                out[n] = (char) ((c & 0x0F) << 12 | c1 << 6 | c2);
            }
            return i + 3;
        }
        int c1 = continuation(i + 1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF);
        int c2 = continuation(i + 2, 0x80, 0xBF);
        int c3 = continuation(i + 3, 0x80, 0xBF);
        if (out != null) {
            int cp = (c & 0x07) << 18 | c1 << 12 | c2 << 6 | c3;
            out[n] = Character.highSurrogate(cp);
            out[n + 1] = Character.lowSurrogate(cp);
        }
        return i + 4;
    }

    /** The low six bits of the continuation byte at {@code b[i]}, which must lie in [lo, hi]. */
    private int continuation(int i, int lo, int hi) {
        if (i >= end) {
            throw DECLINED;
        }
        int c = b[i] & 0xff;
        if (c < lo || c > hi) {
            throw DECLINED;
        }
        return c & 0x3F;
    }
}
