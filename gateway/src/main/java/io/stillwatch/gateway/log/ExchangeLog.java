package io.stillwatch.gateway.log;

import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ExchangeLogCodec;
import io.stillwatch.model.codec.JsonLinesWriter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange log: request threads {@link #append} records into a bounded queue; one writer thread
 * drains it into {@code DIR/exchanges-<utc-time>.jsonl} with the contract codec, and rotates the
 * file by UTC day or size. A rotated file is gzipped to {@code .jsonl.gz} by a second thread, so the
 * writer never stops draining while a file of hundreds of megabytes is compressed: compressing in
 * line took seconds under load, long enough for the queue to fill and block the event loops.
 *
 * <p>Nothing is dropped silently. When the queue is full, {@code append} blocks the caller (back
 * pressure) for up to {@code maxBlock}, counting each such wait in {@link #blocked()}; only if the
 * writer stays stuck that long is the record dropped, counted in {@link #dropped()} and reported in
 * the log. {@link #close()} writes everything queued, waits for rotated files still being
 * compressed, closes and leaves the current file as plain JSON Lines (compressed at the next start).
 * Files left uncompressed by a crash or a failed compression are gzipped at start.
 */
public final class ExchangeLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeLog.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final long rotateBytes;
    private final boolean rotateDaily;
    private final Duration maxBlock;
    private final Clock clock;
    private final BlockingQueue<Object> queue;
    private final Thread writerThread;
    /** Compresses rotated files, one at a time, in rotation order. */
    private final ExecutorService compressor;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong blocked = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private volatile boolean closing;
    private volatile Throwable failure;

    // writer-thread state
    private JsonLinesWriter<ExchangeRecord> writer;
    private CountingStream counter;
    private Path current;
    private long nextDayMillis; // start of the UTC day after the current file's
    private int sequence;

    private static final Object STOP = new Object();
    private static final long LINGER_NANOS = 5_000_000;
    private static final int IDLE_POLLS = 20;
    /** Share of one CPU the compression of a rotated file takes while the gateway serves (see {@link #gzip}). */
    private static final double COMPRESS_SHARE = 0.25;
    static final int COMPRESS_SLICE = 128 * 1024;
    /** How long {@link #close()} waits for rotated files still being compressed (~250 MB/s with zlib level 1). */
    private static final Duration COMPRESS_WAIT = Duration.ofSeconds(60);

    private ExchangeLog(Path directory, int capacity, long rotateBytes, boolean rotateDaily, Duration maxBlock,
                        Clock clock, ExecutorService compressor) {
        this.directory = directory;
        this.rotateBytes = rotateBytes;
        this.rotateDaily = rotateDaily;
        this.maxBlock = maxBlock;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writerThread = new Thread(this::drainLoop, "stillwatch-exchange-log");
        this.writerThread.setDaemon(true);
        this.compressor = compressor;
    }

    /**
     * Opens the log in {@code directory} (created if needed), gzips files a previous run left
     * uncompressed, and starts the writer thread.
     */
    public static ExchangeLog open(Path directory, int capacity, long rotateBytes, boolean rotateDaily,
                                   Duration maxBlock, Clock clock) throws IOException {
        return open(directory, capacity, rotateBytes, rotateDaily, maxBlock, clock, Executors.newSingleThreadExecutor(r -> {
            // differs from the writer's name in the first 15 characters, all the kernel keeps
            Thread t = new Thread(r, "stillwatch-log-gzip");
            t.setDaemon(true);
            return t;
        }));
    }

    /** As above, compressing rotated files on {@code compressor} (tests hold it to watch the writer go on). */
    static ExchangeLog open(Path directory, int capacity, long rotateBytes, boolean rotateDaily,
                            Duration maxBlock, Clock clock, ExecutorService compressor) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        Files.createDirectories(directory);
        ExchangeLog log = new ExchangeLog(directory, capacity, rotateBytes, rotateDaily, maxBlock, clock, compressor);
        LOG.info("exchange log in {}: rotated files compressed with {}", directory, RotatedGzip.describe());
        for (Path leftover : log.uncompressedFiles()) {
            gzip(leftover, () -> true); // before the gateway serves: nothing to leave the CPU to
        }
        log.openNewFile();
        log.writerThread.start();
        return log;
    }

    /** Queues a record; blocks up to {@code maxBlock} when the queue is full (see class comment). */
    public void append(ExchangeRecord record) {
        if (closing) {
            dropped.incrementAndGet();
            LOG.error("exchange log closed: record {} not written", record.id());
            return;
        }
        appended.incrementAndGet();
        if (queue.offer(record)) {
            return;
        }
        blocked.incrementAndGet();
        try {
            if (queue.offer(record, maxBlock.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long n = dropped.incrementAndGet();
        LOG.error("exchange log writer stuck for {}: record {} dropped ({} dropped so far)", maxBlock, record.id(), n);
    }

    /**
     * Waits until every record appended before this call is written and flushed to the file.
     *
     * @return false when the timeout passed first
     */
    public boolean flush(Duration timeout) {
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        try {
            if (!queue.offer(barrier, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            barrier.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Records queued and not yet written. */
    public int backlog() {
        return queue.size();
    }

    public long appended() {
        return appended.get();
    }

    public long written() {
        return written.get();
    }

    /** How many appends found the queue full and had to wait. */
    public long blocked() {
        return blocked.get();
    }

    /** How many records could not be written (writer stuck, or the log closed). */
    public long dropped() {
        return dropped.get();
    }

    public long rotations() {
        return rotations.get();
    }

    /** The file being written now. */
    public Path currentFile() {
        return current;
    }

    public Path directory() {
        return directory;
    }

    /** Writes everything queued, flushes and closes the current file. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            queue.put(STOP);
            writerThread.join();
            compressor.shutdown();
            if (!compressor.awaitTermination(COMPRESS_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("exchange log: rotated files still compressing after {}; they stay .jsonl and are "
                        + "compressed at the next start", COMPRESS_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            LOG.error("exchange log writer failed: {}", failure.toString());
        }
    }

    /**
     * The writer polls the queue every {@link #LINGER_NANOS} while records keep coming and blocks on
     * it only after {@link #IDLE_POLLS} empty polls. A writer blocked on the queue must be woken by
     * every append (a futex call and a context switch per exchange, which on a small machine costs
     * more than encoding the record); a writer that polls is never signalled and takes each wake-up's
     * records in one batch. Records reach the file at most about 5 ms later. The period was 1 ms: at
     * 8,000 records/s, 5 ms cut the writer's CPU from ~4.9 to ~2.8 µs a record (fewer wake-ups and
     * write(2) calls, a batch of ~40 records each) on a one-CPU gateway whose event loop shares that
     * CPU (docs/benchmarks.md, "Gateway tail latency").
     */
    private void drainLoop() {
        List<Object> batch = new ArrayList<>(1024);
        int idlePolls = 0;
        try {
            while (true) {
                batch.clear();
                queue.drainTo(batch, 4096);
                if (batch.isEmpty()) {
                    if (idlePolls < IDLE_POLLS) {
                        idlePolls++;
                        LockSupport.parkNanos(LINGER_NANOS);
                        continue;
                    }
                    batch.add(queue.take());
                    queue.drainTo(batch, 4095);
                }
                idlePolls = 0;
                for (Object item : batch) {
                    if (item == STOP) {
                        writer.close();
                        return;
                    }
                    if (item instanceof CompletableFuture<?> barrier) {
                        flushToFile();
                        ((CompletableFuture<Void>) barrier).complete(null);
                    } else {
                        writeOne((ExchangeRecord) item);
                    }
                }
                if (queue.isEmpty()) {
                    flushToFile();
                }
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("exchange log writer stopped: {}", t.toString());
            long lost = queue.size();
            dropped.addAndGet(lost);
            queue.clear();
        }
    }

    /** Hands everything encoded so far to the file: the only place the log's buffer is written out. */
    private void flushToFile() throws IOException {
        writer.flush();
        counter.flushToFile();
    }

    private void writeOne(ExchangeRecord r) throws IOException {
        if (needsRotation()) {
            rotate();
        }
        writer.write(r);
        written.incrementAndGet();
    }

    private boolean needsRotation() {
        if (counter.count() >= rotateBytes) {
            return true;
        }
        return rotateDaily && clock.millis() >= nextDayMillis;
    }

    private void rotate() throws IOException {
        writer.close();
        Path done = current;
        openNewFile();
        compressor.execute(() -> {
            try {
                gzip(done, () -> closing);
            } catch (IOException | RuntimeException e) {
                // the plain file stays and is compressed at the next start: nothing is lost
                LOG.error("exchange log: could not compress {}: {}", done.getFileName(), e.toString());
            }
        });
        rotations.incrementAndGet();
    }

    private void openNewFile() throws IOException {
        String stamp = FILE_TIME.format(clock.instant());
        Path candidate;
        do {
            candidate = directory.resolve("exchanges-" + stamp + "-" + (sequence++) + ".jsonl");
        } while (Files.exists(candidate) || Files.exists(candidate.resolveSibling(candidate.getFileName() + ".gz")));
        OutputStream file = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        counter = new CountingStream(new BufferedOutputStream(file, 64 * 1024));
        writer = JsonLinesWriter.of(counter, ExchangeLogCodec.INSTANCE);
        current = candidate;
        nextDayMillis = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private List<Path> uncompressedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.jsonl")) {
            ds.forEach(files::add);
        }
        return files;
    }

    /**
     * Compresses {@code file} to {@code file.gz} ({@link RotatedGzip}: igzip -1 where installed, else
     * zlib level 1; via a temporary name, so a crash leaves no half file) and deletes it. Unless
     * {@code hurry} says so (at start, or while closing), it paces itself to about
     * {@link #COMPRESS_SHARE} of one CPU: after each {@link #COMPRESS_SLICE} bytes it sleeps three
     * times the CPU time compressing them took (igzip's included). A gateway on a one-CPU host shares
     * that CPU between its event loop and this work; unpaced, compressing a 256 MiB file at zlib's
     * default level took ~2.5 s of CPU at once, the scheduler gave the loop half the CPU meanwhile,
     * and requests queued behind it for those seconds (docs/benchmarks.md, "Gateway tail latency").
     * Paced, a slice holds the CPU for well under a millisecond.
     */
    static void gzip(Path file, BooleanSupplier hurry) throws IOException {
        gzip(file, hurry, RotatedGzip::open, LockSupport::parkNanos);
    }

    /** Opens the compressing stream (tests give their own). */
    interface GzipOpener {
        RotatedGzip open(Path target) throws IOException;
    }

    /** As above, with the compressor and the sleep given (tests). */
    static void gzip(Path file, BooleanSupplier hurry, GzipOpener opener, LongConsumer sleep) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".gz.tmp");
        byte[] slice = new byte[COMPRESS_SLICE];
        try (InputStream in = Files.newInputStream(file);
             RotatedGzip out = opener.open(tmp)) {
            long worked = out.workNanos();
            int n;
            while ((n = in.readNBytes(slice, 0, slice.length)) > 0) {
                out.write(slice, 0, n);
                if (!hurry.getAsBoolean()) {
                    // igzip's part lags its input by up to a pipe's worth: the next slice's figure includes it
                    long now = out.workNanos();
                    sleep.accept((long) ((now - worked) * (1 / COMPRESS_SHARE - 1)));
                    worked = now;
                }
            }
        }
        Files.move(tmp, file.resolveSibling(file.getFileName() + ".gz"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(file);
    }

    /**
     * Counts the bytes written, and ignores {@link #flush()}: the codec writes trees (a fingerprint,
     * a request not handed over as bytes) through Jackson's {@code ObjectMapper.writeTree}, which
     * flushes the generator after every value by default
     * ({@code SerializationFeature.FLUSH_AFTER_WRITE_VALUE}); passed on, that cost one write(2) per
     * record. The log flushes with {@link #flushToFile()} once per batch instead, and
     * {@link #close()} still writes everything out (the buffered stream flushes when closed).
     */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() {
        }

        void flushToFile() throws IOException {
            out.flush();
        }

        long count() {
            return count;
        }
    }

}
