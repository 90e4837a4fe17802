package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.stillwatch.model.codec.LineCodec.ContractViolation;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams records out of a JSON Lines file, plain or gzip (by the {@code .gz} suffix), in constant
 * memory: one line buffer, bounded by {@code maxLineBytes}, whatever the file size.
 *
 * <p>A malformed line is never passed over silently: with {@link OnMalformed#STOP} {@link #next()}
 * throws a {@link MalformedLineException} naming the file, the line and the problem; with
 * {@link OnMalformed#SKIP} the line is counted in {@link #skipped()}, the first few are kept in
 * {@link #skippedSamples()}, and each one goes to the {@link #onSkip} listener.
 */
public final class JsonLinesReader<T> implements RecordSource<T>, Closeable {

    /** What to do with a line that breaks the contract. */
    public enum OnMalformed { STOP, SKIP }

    public static final int DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
    private static final int SAMPLE_LIMIT = 20;
    private static final JsonFactory JSON = new JsonFactory();

    private final InputStream in;
    private final String inflater;
    private final CountingInputStream counted;
    private final String source;
    private final LineDecoder<T> codec;
    private final OnMalformed policy;
    private final int maxLineBytes;
    private final List<MalformedLineException> samples = new ArrayList<>();
    private Consumer<MalformedLineException> skipListener = e -> { };

    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private long skipped;
    private int lineStart;
    private int lineEnd;
    private boolean lineTooLong;

    private JsonLinesReader(InputStream raw, String source, boolean gzip, boolean inflateAhead, LineDecoder<T> codec,
                            OnMalformed policy, int maxLineBytes) throws IOException {
        this.counted = new CountingInputStream(raw);
        if (gzip) {
            InputStream inflated = new GZIPInputStream(counted, 64 * 1024); // reads the header: bad files fail here
            this.in = inflateAhead ? new InflateAhead(inflated, 8, "inflate " + source) : inflated;
        } else {
            this.in = new BufferedInputStream(counted, 64 * 1024);
        }
        this.inflater = gzip ? "zlib" : "none";
        this.source = source;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.maxLineBytes = positive(maxLineBytes);
    }

    /** Over an igzip process inflating the file itself. */
    private JsonLinesReader(ExternalInflate igzip, String source, LineDecoder<T> codec, OnMalformed policy,
                            int maxLineBytes) {
        this.counted = null;
        this.in = igzip;
        this.inflater = "igzip";
        this.source = source;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.maxLineBytes = positive(maxLineBytes);
    }

    private static int positive(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: > 0)");
        }
        return maxLineBytes;
    }

    /** Opens a file; gzip when its name ends in {@code .gz}. */
    public static <T> JsonLinesReader<T> open(Path path, LineDecoder<T> codec, OnMalformed policy) throws IOException {
        return open(path, codec, policy, DEFAULT_MAX_LINE_BYTES);
    }

    public static <T> JsonLinesReader<T> open(Path path, LineDecoder<T> codec, OnMalformed policy, int maxLineBytes)
            throws IOException {
        return open(path, codec, policy, maxLineBytes, false);
    }

    /**
     * As {@link #open(Path, LineDecoder, OnMalformed)}, but a gzip file is inflated on a second thread, ahead
     * of the parsing ({@link InflateAhead}): for a reader whose caller has a core to spare.
     */
    public static <T> JsonLinesReader<T> openInflatingAhead(Path path, LineDecoder<T> codec, OnMalformed policy)
            throws IOException {
        return open(path, codec, policy, DEFAULT_MAX_LINE_BYTES, true);
    }

    /**
     * With {@code inflateAhead}, a gzip file is inflated on another core: in an igzip process reading the file
     * itself where igzip is installed ({@link ExternalInflate}, much faster than zlib), else on a thread of our
     * own ({@link InflateAhead}). Either way a file that is not gzip fails here, at its first bytes.
     */
    private static <T> JsonLinesReader<T> open(Path path, LineDecoder<T> codec, OnMalformed policy, int maxLineBytes,
                                               boolean inflateAhead) throws IOException {
        if (inflateAhead && isGzip(path)) {
            Optional<ExternalInflate> igzip;
            try {
                igzip = ExternalInflate.over(path);
            } catch (ZipException e) {
                throw new IOException(path + ": not a readable gzip file: " + e.getMessage(), e);
            }
            if (igzip.isPresent()) {
                return new JsonLinesReader<>(igzip.get(), path.toString(), codec, policy, maxLineBytes);
            }
        }
        InputStream raw = Files.newInputStream(path);
        try {
            return new JsonLinesReader<>(raw, path.toString(), isGzip(path), inflateAhead, codec, policy,
                    maxLineBytes);
        } catch (IOException e) {
            raw.close();
            throw new IOException(path + ": not a readable gzip file: " + e.getMessage(), e);
        }
    }

    /** Reads from a stream the caller owns; {@code source} names it in error messages. */
    public static <T> JsonLinesReader<T> of(InputStream in, String source, boolean gzip, LineDecoder<T> codec,
                                            OnMalformed policy) throws IOException {
        return new JsonLinesReader<>(in, source, gzip, false, codec, policy, DEFAULT_MAX_LINE_BYTES);
    }

    static boolean isGzip(Path path) {
        return path.getFileName().toString().endsWith(".gz");
    }

    /** Called for every skipped line (only with {@link OnMalformed#SKIP}). */
    public JsonLinesReader<T> onSkip(Consumer<MalformedLineException> listener) {
        this.skipListener = Objects.requireNonNull(listener);
        return this;
    }

    /**
     * The next record, or {@code null} at the end of the file.
     *
     * @throws MalformedLineException with {@link OnMalformed#STOP}, at the first malformed line
     * @throws IOException            when the file cannot be read (e.g. a truncated gzip stream)
     */
    @Override
    public T next() throws IOException, MalformedLineException {
        while (readLine()) {
            try {
                return decodeLine();
            } catch (MalformedLineException e) {
                if (policy == OnMalformed.STOP) {
                    throw e;
                }
                skipped++;
                if (samples.size() < SAMPLE_LIMIT) {
                    samples.add(e);
                }
                skipListener.accept(e);
            }
        }
        return null;
    }

    private T decodeLine() throws IOException, MalformedLineException {
        if (lineTooLong) {
            throw malformed("line is longer than " + maxLineBytes + " bytes");
        }
        int end = lineEnd;
        if (end > lineStart && buf[end - 1] == '\r') {
            end--;
        }
        if (isBlank(lineStart, end)) {
            throw malformed("blank line (expected one JSON object per line)");
        }
        T fast = codec.decode(buf, lineStart, end);
        if (fast != null) {
            return fast;
        }
        try (JsonParser parser = JSON.createParser(buf, lineStart, end - lineStart)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw malformed("expected a JSON object, got " + Fields.describe(first));
            }
            T record = codec.decode(parser);
            if (parser.nextToken() != null) {
                throw malformed("unexpected content after the JSON object");
            }
            return record;
        } catch (JsonProcessingException e) {
            throw malformed("bad JSON: " + e.getOriginalMessage());
        } catch (ContractViolation e) {
            throw malformed(e.getMessage());
        }
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private MalformedLineException malformed(String problem) {
        return new MalformedLineException(source, lineNumber, problem);
    }

    /** Finds the next line in the buffer, refilling and growing it as needed. */
    private boolean readLine() throws IOException {
        lineTooLong = false;
        int scanFrom = pos;
        while (true) {
            int i = indexOfNewline(buf, scanFrom, limit);
            if (i >= 0) {
                lineStart = pos;
                lineEnd = i;
                pos = i + 1;
                lineNumber++;
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    lineStart = pos;
                    lineEnd = limit;
                    pos = limit;
                    lineNumber++;
                    return true;
                }
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                if (buf.length >= maxLineBytes) {
                    discardRestOfLine();
                    return true;
                }
                buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLineBytes));
            }
            scanFrom = limit;
            fill();
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;

    /**
     * Index of the first '\n' in {@code b[from, to)}, or -1. Eight bytes at a time: a byte of {@code x} is zero
     * where {@code (x - ONES) & ~x & HIGHS} has its high bit, exact for the lowest such byte (the
     * "has zero byte" test, Anderson's Bit Twiddling Hacks; Mycroft 1987); lines are ~1 KB, so this is a
     * visible share of reading them byte by byte.
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** An over-long line: drop its bytes up to the next newline, keeping memory bounded. */
    private void discardRestOfLine() throws IOException {
        lineNumber++;
        lineTooLong = true;
        while (true) {
            for (int i = 0; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    lineStart = lineEnd = 0;
                    return;
                }
            }
            limit = 0;
            pos = 0;
            fill();
            if (eof && limit == 0) {
                lineStart = lineEnd = 0;
                return;
            }
        }
    }

    private void fill() throws IOException {
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (IOException e) {
            throw new IOException(source + ": read failed after line " + lineNumber + ": " + e.getMessage(), e);
        }
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Lines read so far, malformed ones included. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Malformed lines skipped so far. */
    public long skipped() {
        return skipped;
    }

    /** The first skipped lines, for a summary. */
    public List<MalformedLineException> skippedSamples() {
        return List.copyOf(samples);
    }

    /**
     * Bytes read from the file so far (compressed bytes for gzip): progress against the file size. Where an
     * igzip process reads the file, its offset in the file as Linux shows it ({@code /proc/PID/fdinfo}).
     */
    public long bytesRead() {
        return in instanceof ExternalInflate igzip ? igzip.fileBytesRead() : counted.count;
    }

    /** What inflates the file: {@code igzip} (an igzip process), {@code zlib} (the JDK's), or {@code none} (plain). */
    public String inflater() {
        return inflater;
    }

    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        volatile long count; // written by the inflating thread when inflating ahead

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
