package io.stillwatch.app.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Progress lines on standard error for long-running commands, at most one every {@code everyMillis}.
 * Checking is cheap ({@link #tick()} reads the clock once per 4096 calls), so hot loops may call it
 * per record.
 */
public final class Progress {
    private final PrintWriter err;
    private final long everyNanos;
    private final long start = System.nanoTime();
    private final Supplier<String> status;
    private long last = start;
    private int calls;

    public Progress(PrintWriter err, long everyMillis, Supplier<String> status) {
        this.err = err;
        this.everyNanos = everyMillis * 1_000_000L;
        this.status = status;
    }

    public void tick() {
        if ((++calls & 4095) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - last >= everyNanos) {
            last = now;
            err.printf("[%6.1fs] %s%n", (now - start) / 1e9, status.get());
            err.flush();
        }
    }

    /** Seconds since this progress started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code count} per second since the start, for summaries. */
    public double rate(long count) {
        double s = elapsedSeconds();
        return s <= 0 ? 0 : count / s;
    }
}
