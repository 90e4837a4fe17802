package io.stillwatch.detect;

import java.time.Duration;
import java.util.Arrays;
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
    // a binary min-heap on (time, arrival), in parallel arrays: no entry object per record and no
    // comparator call per comparison, as this runs once per exchange on the engine's thread
    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private Object[] records = new Object[256];
    private int size;
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
        push(t, seq++, record);
        maxBuffered = Math.max(maxBuffered, size);
        if (t > maxSeen) {
            maxSeen = t;
        }
        long watermark = maxSeen - disorderMillis;
        while (size > 0 && times[0] <= watermark) {
            downstream.accept(pop());
        }
    }

    /** Releases everything still buffered, in order (end of input). */
    public void flush() {
        while (size > 0) {
            downstream.accept(pop());
        }
    }

    /** Records that arrived later than the allowed disorder. */
    public long late() {
        return late;
    }

    public int maxBuffered() {
        return maxBuffered;
    }

    private boolean less(int i, long t, long s) {
        return times[i] < t || (times[i] == t && seqs[i] < s);
    }

    private void push(long t, long s, T record) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
            records = Arrays.copyOf(records, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (less(parent, t, s)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        times[i] = t;
        seqs[i] = s;
        records[i] = record;
    }

    private T pop() {
        @SuppressWarnings("unchecked")
        T top = (T) records[0];
        int last = --size;
        long t = times[last];
        long s = seqs[last];
        Object r = records[last];
        records[last] = null;
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && less(right, times[child], seqs[child])) {
                child = right;
            }
            if (!less(child, t, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (last > 0) {
            times[i] = t;
            seqs[i] = s;
            records[i] = r;
        }
        return top;
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        records[to] = records[from];
    }
}
