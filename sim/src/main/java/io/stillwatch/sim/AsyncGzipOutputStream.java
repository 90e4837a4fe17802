package io.stillwatch.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip on a second thread: the caller fills fixed-size chunks, a writer thread deflates them, so
 * generation and compression use both cores. At most {@code QUEUE} chunks wait, which bounds memory.
 * The output is byte-identical to a plain {@link GZIPOutputStream} at the same level (Java writes
 * a gzip header with no timestamp), so the same input always gives the same file.
 */
final class AsyncGzipOutputStream extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private static final int QUEUE = 4;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private volatile IOException failure;
    private byte[] chunk = new byte[CHUNK];
    private int fill;
    private long written;
    private boolean closed;

    AsyncGzipOutputStream(OutputStream file, int level) {
        writer = new Thread(() -> drain(file, level), "gzip-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void drain(OutputStream file, int level) {
        try (GZIPOutputStream gz = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16) {
            {
                def.setLevel(level);
            }
        }) {
            while (true) {
                byte[] b = queue.take();
                if (b == END) {
                    break;
                }
                gz.write(b, 0, b.length);
            }
        } catch (IOException e) {
            failure = e;
            queue.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (fill == CHUNK) {
            hand(chunk);
        }
        chunk[fill++] = (byte) b;
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        while (len > 0) {
            int n = Math.min(len, CHUNK - fill);
            System.arraycopy(b, off, chunk, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == CHUNK) {
                hand(chunk);
            }
        }
    }

    /** Uncompressed bytes written so far. */
    long written() {
        return written;
    }

    private void hand(byte[] full) throws IOException {
        put(fill == CHUNK ? full : java.util.Arrays.copyOf(full, fill));
        chunk = new byte[CHUNK];
        fill = 0;
    }

    private void put(byte[] b) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            while (!queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure != null) {
                    throw failure;
                }
                if (!writer.isAlive()) {
                    throw new IOException("gzip writer stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (fill > 0) {
            hand(chunk);
        }
        put(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing");
        }
        if (failure != null) {
            throw failure;
        }
    }
}
