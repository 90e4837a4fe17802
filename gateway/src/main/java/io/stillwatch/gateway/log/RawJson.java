package io.stillwatch.gateway.log;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value that the exchange-log writer copies byte for byte instead of encoding a tree: the
 * client's request body, which the gateway has already validated. Jackson's documented way to embed
 * pre-serialised JSON is a {@link RawValue} in a {@link POJONode}; here the raw value is the UTF-8
 * bytes themselves, so writing a record costs one array copy instead of a tree walk.
 *
 * <p>The caller guarantees the bytes are one strict JSON value (RFC 8259) in UTF-8 with no line
 * break (the log is JSON Lines): {@code RequestBody} checks this before it hands a body over.
 */
public final class RawJson {
    private RawJson() {
    }

    /**
     * A tree node that serialises as exactly {@code bytes[offset, offset + length)}. The array is
     * shared when the range covers all of it: the caller must not change it afterwards.
     */
    public static JsonNode of(byte[] bytes, int offset, int length) {
        byte[] own = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
        return new POJONode(new RawValue(new Utf8(own)));
    }

    /** Pre-encoded UTF-8 JSON; only the unquoted forms are meaningful for a raw value. */
    private static final class Utf8 implements SerializableString {
        private final byte[] utf8;
        private SerializedString text; // decoded lazily: only if something asks for characters

        Utf8(byte[] utf8) {
            this.utf8 = utf8;
        }

        private SerializedString text() {
            if (text == null) {
                text = new SerializedString(new String(utf8, StandardCharsets.UTF_8));
            }
            return text;
        }

        @Override
        public String getValue() {
            return text().getValue();
        }

        @Override
        public int charLength() {
            return text().charLength();
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8.clone();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return text().putQuotedUTF8(buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public String toString() {
            return getValue();
        }
    }
}
