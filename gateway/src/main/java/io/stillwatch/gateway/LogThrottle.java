package io.stillwatch.gateway;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets at most {@code perWindow} log lines of one kind through per window, and counts the rest, so
 * an upstream that dies under thousands of open streams leaves a handful of lines and a count, not
 * thousands of lines (every failure is still counted in the metrics). Kinds are few (an upstream
 * and a failure kind), so the map stays small. Shared by the event loops.
 */
final class LogThrottle {
    private final long windowNanos;
    private final int perWindow;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    LogThrottle(long windowNanos, int perWindow) {
        if (windowNanos <= 0 || perWindow < 1) {
            throw new IllegalArgumentException("window " + windowNanos + " ns, " + perWindow + " lines (expected: > 0, >= 1)");
        }
        this.windowNanos = windowNanos;
        this.perWindow = perWindow;
    }

    /**
     * @return -1 when this line of {@code kind} is to be held back; otherwise how many lines of that
     *         kind were held back since the last one let through (to be said with this one)
     */
    long admit(String kind, long nowNanos) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (w) {
            if (w.lines == 0 || nowNanos - w.start >= windowNanos) {
                w.start = nowNanos;
                w.lines = 0;
            }
            if (w.lines >= perWindow) {
                w.heldBack++;
                return -1;
            }
            w.lines++;
            long held = w.heldBack;
            w.heldBack = 0;
            return held;
        }
    }

    private static final class Window {
        long start;
        int lines;
        long heldBack;
    }
}
