package io.stillwatch.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream of Server-Sent Events into whole events as bytes arrive, following the
 * WHATWG HTML "event stream" grammar (an event ends at a blank line; {@code event:} and
 * {@code data:} fields; LF or CRLF line ends). Each event is handed on with its raw bytes, so the
 * gateway relays exactly what the upstream sent, one event at a time, without holding the stream.
 */
final class SseDecoder {

    /** One event: its raw bytes (blank line included), its {@code event:} type or null, and its joined data. */
    /**
     * One event: its raw bytes (blank line included; a buffer of its own, owned by whoever takes the
     * event), its {@code event:} type or null, and its joined data.
     */
    record Event(ByteBuf raw, String type, String data) {
    }

    private final int maxEventBytes;
    private final Consumer<Event> sink;
    private final ByteBuf pending = Unpooled.buffer(512);
    private int scanFrom;

    SseDecoder(int maxEventBytes, Consumer<Event> sink) {
        this.maxEventBytes = maxEventBytes;
        this.sink = sink;
    }

    /**
     * Feeds bytes (read, not retained); emits every event they complete.
     *
     * @throws IllegalStateException when one event exceeds the size limit
     */
    void feed(ByteBuf chunk) {
        pending.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        int len = pending.writerIndex();
        int start = pending.readerIndex();
        int i = Math.max(scanFrom, start);
        while (i < len) {
            if (pending.getByte(i) == '\n') {
                int j = i + 1;
                if (j < len && pending.getByte(j) == '\r') {
                    j++;
                }
                if (j < len && pending.getByte(j) == '\n') {
                    emit(pending.copy(start, j + 1 - start));
                    start = j + 1;
                    i = start;
                    continue;
                }
            }
            i++;
        }
        pending.readerIndex(start);
        pending.discardReadBytes();
        // resume one byte early so a boundary split across chunks ("\n" | "\n") is still seen
        scanFrom = Math.max(pending.writerIndex() - 2, 0);
        if (pending.readableBytes() > maxEventBytes) {
            throw new IllegalStateException("an upstream event exceeded " + maxEventBytes + " bytes");
        }
    }

    /** Bytes received that do not yet form a whole event. */
    int pendingBytes() {
        return pending.readableBytes();
    }

    private void emit(ByteBuf raw) {
        String text = raw.toString(StandardCharsets.UTF_8);
        String type = null;
        StringBuilder data = null;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(pos, end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end);
            pos = end + 1;
            if (line.isEmpty() || line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if ("event".equals(field)) {
                type = value;
            } else if ("data".equals(field)) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
        }
        sink.accept(new Event(raw, type, data == null ? null : data.toString()));
    }
}
