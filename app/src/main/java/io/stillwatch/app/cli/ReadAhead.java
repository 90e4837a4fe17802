package io.stillwatch.app.cli;

import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.MalformedLineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a JSON Lines file on a second thread (gunzip and JSON parsing are half of a replay's cost) and hands
 * the records over in order, in batches, through a bounded queue: the reader runs at most
 * {@code capacity} batches ahead, so memory stays bounded, and the consumer sees exactly the records and the
 * first error (malformed line, I/O error) the reader met, at the point where it met it.
 *
 * <p>Single consumer. {@link #close()} stops the reader and closes the file, also when the consumer gives up
 * early.
 */
final class ReadAhead<T> implements AutoCloseable {
    private static final Object END = new Object();

    private final JsonLinesReader<T> reader;
    private final BlockingQueue<Object> queue;
    private final int batchSize;
    private final Thread thread;
    private List<T> current = List.of();
    private int position;
    private boolean ended;
    private volatile long skipped;

    ReadAhead(JsonLinesReader<T> reader, int batchSize, int capacity, String name) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: " + batchSize + " (expected: >= 1)");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.reader = reader;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        List<T> batch = new ArrayList<>(batchSize);
        try {
            T x;
            while ((x = reader.next()) != null) {
                batch.add(x);
                if (batch.size() == batchSize) {
                    queue.put(batch);
                    batch = new ArrayList<>(batchSize);
                }
            }
            if (!batch.isEmpty()) {
                queue.put(batch);
            }
            skipped = reader.skipped();
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the consumer
        } catch (Exception | Error e) {
            skipped = reader.skipped();
            try {
                if (!batch.isEmpty()) {
                    queue.put(batch); // the records read before the error come first
                }
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next record in file order, or null at the end; rethrows the reader's error where it happened. */
    T next() throws IOException, MalformedLineException {
        while (position == current.size()) {
            if (ended) {
                return null;
            }
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading ahead");
            }
            if (o == END) {
                ended = true;
                return null;
            }
            if (o instanceof RuntimeException re) {
                ended = true;
                throw re;
            }
            if (o instanceof IOException io) {
                ended = true;
                throw io;
            }
            if (o instanceof MalformedLineException m) {
                ended = true;
                throw m;
            }
            if (o instanceof Error err) {
                ended = true;
                throw err;
            }
            if (o instanceof Exception other) {
                ended = true;
                throw new IOException(other.getMessage(), other);
            }
            @SuppressWarnings("unchecked")
            List<T> batch = (List<T>) o;
            current = batch;
            position = 0;
        }
        return current.get(position++);
    }

    /** Lines skipped as malformed; complete once {@link #next()} has returned null. */
    long skipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
