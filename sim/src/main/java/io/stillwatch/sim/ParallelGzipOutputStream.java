package io.stillwatch.sim;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip (RFC 1952) compressed by several threads, as pigz does: the input is cut into fixed-size
 * chunks, each deflated on its own (raw deflate, RFC 1951) by a pool of compressor threads and ended
 * with a sync flush (an empty stored block, which aligns it to a byte), so the compressed chunks
 * concatenate into one deflate stream; a writer thread puts them in order into a single gzip member
 * with the CRC-32 and length of the whole input. Unlike pigz's default, a chunk does not prime its
 * window with the previous chunk's tail: that costs under 1% of size at 1 MB chunks and lets every
 * chunk be compressed the moment it is full.
 *
 * <p>The output depends only on the input bytes, the level and the chunk size, never on thread
 * timing, so the same input gives the same file. At most {@code window} chunks are in flight, which
 * bounds memory; the caller blocks when compression falls behind.
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int CHUNK = 1 << 20;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    /** One chunk of input and, once compressed, its deflate bytes; recycled. */
    private static final class Chunk {
        final byte[] in;
        int inLength;
        byte[] out;
        int outLength;
        boolean last;
        final Semaphore compressed = new Semaphore(0);

        Chunk(int capacity) {
            in = new byte[capacity];
            out = new byte[capacity / 2];
        }
    }

    /** Tells a compressor thread to stop. */
    private static final Chunk STOP = new Chunk(0);

    private final OutputStream file;
    private final int level;
    private final BlockingQueue<Chunk> free;
    private final BlockingQueue<Chunk> work;
    private final BlockingQueue<Chunk> ordered;
    private final List<Thread> compressors = new ArrayList<>();
    private final Thread writer;
    private final AtomicLong compressorCpuNanos = new AtomicLong();
    private volatile Throwable failure;
    private Chunk current;
    private long written;
    private boolean closed;

    /**
     * @param threads compressor threads (the caller's own thread keeps producing meanwhile)
     * @param window  chunks in flight at most, at least {@code threads + 1}
     */
    ParallelGzipOutputStream(OutputStream file, int level, int threads, int window) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level: " + level + " (expected: 1 to 9)");
        }
        if (threads < 1 || window <= threads) {
            throw new IllegalArgumentException("threads: " + threads + ", window: " + window
                    + " (expected: threads >= 1 and window > threads)");
        }
        this.file = file;
        this.level = level;
        free = new ArrayBlockingQueue<>(window);
        work = new ArrayBlockingQueue<>(window);
        ordered = new ArrayBlockingQueue<>(window);
        for (int i = 0; i < window; i++) {
            free.add(new Chunk(CHUNK));
        }
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::compress, "gzip-compressor-" + i);
            t.setDaemon(true);
            compressors.add(t);
            t.start();
        }
        writer = new Thread(this::writeInOrder, "gzip-writer");
        writer.setDaemon(true);
        writer.start();
        current = free.poll();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        written += len;
        while (len > 0) {
            Chunk c = current;
            int n = Math.min(len, CHUNK - c.inLength);
            System.arraycopy(b, off, c.in, c.inLength, n);
            c.inLength += n;
            off += n;
            len -= n;
            if (c.inLength == CHUNK) {
                submit(false);
            }
        }
    }

    /** Uncompressed bytes written so far. */
    long written() {
        return written;
    }

    /** CPU time all compressor threads used, complete after {@link #close()}; 0 if unsupported. */
    long compressorCpuNanos() {
        return compressorCpuNanos.get();
    }

    /** Hands the current chunk to the compressors and takes a free one, waiting while all are in flight. */
    private void submit(boolean last) throws IOException {
        checkFailure();
        Chunk c = current;
        c.last = last;
        put(ordered, c);
        put(work, c);
        current = last ? null : take(free);
    }

    private void compress() {
        Deflater deflater = new Deflater(level, true);
        try {
            while (true) {
                Chunk c = work.take();
                if (c == STOP) {
                    break;
                }
                deflate(deflater, c);
                c.compressed.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            deflater.end();
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            compressorCpuNanos.addAndGet(Math.max(0, cpu));
        }
    }

    /** Raw deflate of one chunk: sync-flushed, or finished (final block) for the last one. */
    private static void deflate(Deflater deflater, Chunk c) {
        deflater.reset();
        deflater.setInput(c.in, 0, c.inLength);
        int needed = c.inLength + (c.inLength >> 3) + 64;
        if (c.out.length < needed) {
            c.out = new byte[needed];
        }
        int n = 0;
        if (c.last) {
            deflater.finish();
            while (!deflater.finished()) {
                if (n == c.out.length) {
                    c.out = Arrays.copyOf(c.out, c.out.length * 2);
                }
                n += deflater.deflate(c.out, n, c.out.length - n);
            }
        } else {
            while (true) {
                int room = c.out.length - n;
                int k = deflater.deflate(c.out, n, room, Deflater.SYNC_FLUSH);
                n += k;
                if (k < room) {
                    break; // the flush completed with room to spare
                }
                c.out = Arrays.copyOf(c.out, c.out.length * 2);
            }
        }
        c.outLength = n;
    }

    private void writeInOrder() {
        CRC32 crc = new CRC32();
        long size = 0;
        try {
            file.write(HEADER);
            while (true) {
                Chunk c = ordered.take();
                while (!c.compressed.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (failure != null) {
                        return;
                    }
                }
                crc.update(c.in, 0, c.inLength);
                size += c.inLength;
                file.write(c.out, 0, c.outLength);
                boolean last = c.last;
                c.inLength = 0;
                c.last = false;
                free.put(c);
                if (last) {
                    break;
                }
            }
            byte[] trailer = new byte[8];
            littleEndian(trailer, 0, crc.getValue());
            littleEndian(trailer, 4, size); // ISIZE: the input length modulo 2^32
            file.write(trailer);
            file.close();
        } catch (IOException | RuntimeException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void littleEndian(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    private void checkFailure() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new IOException("writing the compressed log failed: " + io.getMessage(), io);
        }
        if (f != null) {
            throw new IOException("compressing the log failed: " + f, f);
        }
    }

    private <T> void put(BlockingQueue<T> q, T item) throws IOException {
        try {
            while (!q.offer(item, 100, TimeUnit.MILLISECONDS)) {
                checkFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
    }

    private <T> T take(BlockingQueue<T> q) throws IOException {
        try {
            T item;
            while ((item = q.poll(100, TimeUnit.MILLISECONDS)) == null) {
                checkFailure();
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
    }

    /** Compresses what is left, writes the gzip trailer, closes the file, and stops the threads. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            checkFailure();
            submit(true);
            join(writer);
            checkFailure();
        } finally {
            stopCompressors();
            if (failure != null) {
                file.close();
            }
        }
    }

    private void stopCompressors() throws IOException {
        for (int i = 0; i < compressors.size(); i++) {
            if (!work.offer(STOP)) {
                compressors.forEach(Thread::interrupt);
                break;
            }
        }
        for (Thread t : compressors) {
            join(t);
        }
    }

    private static void join(Thread t) throws IOException {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing");
        }
    }
}
