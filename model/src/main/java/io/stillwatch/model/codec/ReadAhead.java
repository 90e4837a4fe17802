package io.stillwatch.model.codec;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs the front of a pipeline (gunzip, parsing, and whatever else needs no state of the consumer's) on a
 * second thread and hands its records over in order, in batches, through a bounded queue: the producer
 * runs at most {@code capacity} batches ahead, so memory stays bounded, and the consumer sees exactly the
 * records and the first error (malformed line, I/O error, any exception) the producer met, at the point
 * where it met it. Batches keep the hand-off to one queue operation per {@code batchSize} records. Stages
 * chain: a producer may read from another {@code ReadAhead} (a replay's reader, then its fingerprinting).
 *
 * <p>Single consumer. {@link #close()} stops the producer and closes its input, also when the consumer gives
 * up early.
 */
public final class ReadAhead<T> implements RecordSource<T>, AutoCloseable {
    private static final Object END = new Object();

    /** The work done on the second thread: emits records, in order, into the sink. */
    @FunctionalInterface
    public interface Producer<T> {
        void run(Consumer<T> sink) throws Exception;
    }

    private final BlockingQueue<Object> queue;
    private final int batchSize;
    private final Closeable input;
    private final Thread thread;
    private List<T> current = List.of();
    private int position;
    private boolean ended;

    /**
     * @param producer what the second thread runs
     * @param input    closed by {@link #close()}, after the producer has stopped
     */
    public ReadAhead(Producer<T> producer, Closeable input, int batchSize, int capacity, String name) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: " + batchSize + " (expected: >= 1)");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.input = input;
        this.thread = new Thread(() -> run(producer), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Reads a file ahead: the second thread parses its lines. */
    public static <T> ReadAhead<T> of(JsonLinesReader<T> reader, int batchSize, int capacity, String name) {
        return new ReadAhead<>(sink -> {
            T x;
            while ((x = reader.next()) != null) {
                sink.accept(x);
            }
        }, reader, batchSize, capacity, name);
    }

    /** Thrown through the producer when the consumer has closed: the producer's work is abandoned. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    private final class Batcher implements Consumer<T> {
        List<T> batch = new ArrayList<>(batchSize);

        @Override
        public void accept(T x) {
            batch.add(x);
            if (batch.size() == batchSize) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            put(batch);
            batch = new ArrayList<>(batchSize);
        }
    }

    private void put(Object o) {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    private void run(Producer<T> producer) {
        Batcher batcher = new Batcher();
        try {
            producer.run(batcher);
            batcher.flush();
            put(END);
        } catch (Cancelled e) {
            // closed by the consumer
        } catch (Exception | Error e) {
            try {
                batcher.flush(); // the records produced before the error come first
                put(e);
            } catch (Cancelled c) {
                // closed by the consumer
            }
        }
    }

    /** The next record in order, or null at the end; rethrows the producer's error where it happened. */
    @Override
    public T next() throws IOException, MalformedLineException {
        while (position == current.size()) {
            if (ended) {
                return null;
            }
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            if (o == END) {
                ended = true;
                return null;
            }
            if (o instanceof Throwable t) {
                ended = true;
                throw rethrow(t);
            }
            @SuppressWarnings("unchecked")
            List<T> batch = (List<T>) o;
            current = batch;
            position = 0;
        }
        return current.get(position++);
    }

    /**
     * The record {@link #next()} will return, when it has been handed over already (it is in the batch at hand);
     * otherwise null. Never blocks and never throws: for a consumer that prepares the next record's work.
     */
    public T peek() {
        return position < current.size() ? current.get(position) : null;
    }

    private static IOException rethrow(Throwable t) throws MalformedLineException {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof MalformedLineException m) {
            throw m;
        }
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t.getMessage(), t);
    }

    /** Whether the second thread is still at work (for tests of {@link #close()}). */
    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        input.close();
    }
}
