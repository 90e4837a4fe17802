package io.stillwatch.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by time, then by a tie-breaker, each carrying a {@code long}
 * reference (Cormen et al., Introduction to Algorithms, ch. 6). Primitive arrays instead of a
 * {@code PriorityQueue} of objects: the simulator's two queues (accounts by next request, lines by
 * completion time) take one push and one pop per exchange, and comparator calls on boxed entries
 * were a tenth of its time.
 */
final class EventHeap {
    private long[] time = new long[64];
    private long[] tie = new long[64];
    private long[] ref = new long[64];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Time of the earliest event; the heap must not be empty. */
    long peekTime() {
        return time[0];
    }

    /** Reference of the earliest event; the heap must not be empty. */
    long peekRef() {
        return ref[0];
    }

    void add(long t, long k, long r) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            tie = Arrays.copyOf(tie, size * 2);
            ref = Arrays.copyOf(ref, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(t, k, time[parent], tie[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, t, k, r);
    }

    /** Removes the earliest event and returns its reference; the heap must not be empty. */
    long poll() {
        long top = ref[0];
        int last = --size;
        if (last > 0) {
            long t = time[last];
            long k = tie[last];
            long r = ref[last];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= last) {
                    break;
                }
                if (child + 1 < last && less(time[child + 1], tie[child + 1], time[child], tie[child])) {
                    child++;
                }
                if (!less(time[child], tie[child], t, k)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, t, k, r);
        }
        return top;
    }

    /** Reference at heap slot {@code i} (any order), for rewriting references in place. */
    long refAt(int i) {
        return ref[i];
    }

    /** Replaces the reference at heap slot {@code i}; the order does not depend on it. */
    void refAt(int i, long r) {
        ref[i] = r;
    }

    private static boolean less(long t1, long k1, long t2, long k2) {
        return t1 < t2 || (t1 == t2 && k1 < k2);
    }

    private void move(int from, int to) {
        time[to] = time[from];
        tie[to] = tie[from];
        ref[to] = ref[from];
    }

    private void set(int i, long t, long k, long r) {
        time[i] = t;
        tie[i] = k;
        ref[i] = r;
    }
}
