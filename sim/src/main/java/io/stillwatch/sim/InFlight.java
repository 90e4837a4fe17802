package io.stillwatch.sim;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encoded lines of exchanges still in flight: a gateway logs an exchange when it completes (arrival
 * plus latency), so a line waits here until the simulation clock passes its completion time. Lines
 * are encoded straight into one arena and referenced by (offset, length) from a heap ordered by
 * completion time, then by sequence number; released lines leave gaps that a compaction, copying
 * the few lines still waiting to a second arena, reclaims. Memory is the traffic of the longest
 * latency (under three minutes of simulated time), never the log.
 */
final class InFlight {
    private static final int MIN_COMPACT = 1 << 20;

    private final EventHeap heap = new EventHeap();
    private JsonBytes lines = new JsonBytes(MIN_COMPACT + (MIN_COMPACT >> 2));
    private JsonBytes spare = new JsonBytes(MIN_COMPACT + (MIN_COMPACT >> 2));
    private long liveBytes;

    /** The arena the next line is appended to; call {@link #add} after appending it. */
    JsonBytes arena() {
        return lines;
    }

    /** Registers the line appended to the arena from {@code from} on, completing at {@code done}. */
    void add(long done, long seq, int from) {
        int length = lines.length() - from;
        heap.add(done, seq, (long) from << 32 | length);
        liveBytes += length;
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** Writes, in completion order, every line completed at or before {@code now}. */
    void releaseUntil(long now, OutputStream out) throws IOException {
        byte[] arena = lines.array();
        while (!heap.isEmpty() && heap.peekTime() <= now) {
            long r = heap.poll();
            int length = (int) r;
            out.write(arena, (int) (r >>> 32), length);
            liveBytes -= length;
        }
        if (heap.isEmpty()) {
            lines.setLength(0);
        } else if (lines.length() > Math.max(MIN_COMPACT, 4 * liveBytes)) {
            compact();
        }
    }

    /** Writes every remaining line in completion order. */
    void releaseAll(OutputStream out) throws IOException {
        releaseUntil(Long.MAX_VALUE, out);
    }

    private void compact() {
        spare.setLength(0);
        byte[] from = lines.array();
        for (int i = 0; i < heap.size(); i++) {
            long r = heap.refAt(i);
            int length = (int) r;
            int start = spare.length();
            spare.raw(from, (int) (r >>> 32), length);
            heap.refAt(i, (long) start << 32 | length);
        }
        JsonBytes t = lines;
        lines = spare;
        spare = t;
    }
}
