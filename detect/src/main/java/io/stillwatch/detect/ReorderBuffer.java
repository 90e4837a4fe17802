package io.stillwatch.detect;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Restores event-time order to a stream that is only roughly sorted (the exchange log is written in
 * completion order: contract §1). Records wait in a min-heap until the watermark, the largest event
 * time seen minus the allowed disorder, passes them, the bounded-out-of-orderness watermark of stream
 * processors (Akidau et al., "The Dataflow Model", VLDB 2015). Memory is bounded by the records that
 * arrive within one disorder interval. A record older than the watermark is late: it is released at
 * once (never dropped) and counted.
 */
public final class ReorderBuffer<T> {
    private final PriorityQueue<Entry<T>> heap = new PriorityQueue<>();
    private final long disorderMillis;
    private final ToLongFunction<T> eventTime;
    private final Consumer<T> downstream;
    private long maxSeen = Long.MIN_VALUE;
    private long seq;
    private long late;
    private int maxBuffered;

    public ReorderBuffer(Duration allowedDisorder, ToLongFunction<T> eventTime, Consumer<T> downstream) {
        if (allowedDisorder == null || allowedDisorder.isNegative()) {
            throw new IllegalArgumentException("allowed disorder: " + allowedDisorder + " (expected: >= 0)");
        }
        this.disorderMillis = allowedDisorder.toMillis();
        this.eventTime = eventTime;
        this.downstream = downstream;
    }

    public void add(T record) {
        long t = eventTime.applyAsLong(record);
        if (maxSeen != Long.MIN_VALUE && t < maxSeen - disorderMillis) {
            late++;
        }
        heap.add(new Entry<>(t, seq++, record));
        maxBuffered = Math.max(maxBuffered, heap.size());
        if (t > maxSeen) {
            maxSeen = t;
        }
        long watermark = maxSeen - disorderMillis;
        while (!heap.isEmpty() && heap.peek().time <= watermark) {
            downstream.accept(heap.poll().record);
        }
    }

    /** Releases everything still buffered, in order (end of input). */
    public void flush() {
        while (!heap.isEmpty()) {
            downstream.accept(heap.poll().record);
        }
    }

    /** Records that arrived later than the allowed disorder. */
    public long late() {
        return late;
    }

    public int maxBuffered() {
        return maxBuffered;
    }

    private record Entry<T>(long time, long seq, T record) implements Comparable<Entry<T>> {
        @Override
        public int compareTo(Entry<T> o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
