package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams records into a JSON Lines file, one {@code \n}-terminated object per line; gzip when the
 * file name ends in {@code .gz}. Not thread-safe: one writer per thread, or a single writer thread.
 */
public final class JsonLinesWriter<T> implements Closeable, Flushable {
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator generator;
    private final LineCodec<T> codec;
    private long written;

    private JsonLinesWriter(OutputStream out, LineCodec<T> codec) throws IOException {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.generator = JSON.createGenerator(out);
        this.generator.setRootValueSeparator(null);
    }

    /** Creates (or truncates) a file with the default gzip level when compressed. */
    public static <T> JsonLinesWriter<T> create(Path path, LineCodec<T> codec) throws IOException {
        return create(path, codec, Deflater.DEFAULT_COMPRESSION);
    }

    /** Creates (or truncates) a file; {@code gzipLevel} 1 (fast) to 9 (small), used for {@code .gz} only. */
    public static <T> JsonLinesWriter<T> create(Path path, LineCodec<T> codec, int gzipLevel) throws IOException {
        if (gzipLevel != Deflater.DEFAULT_COMPRESSION && (gzipLevel < 1 || gzipLevel > 9)) {
            throw new IllegalArgumentException("gzipLevel: " + gzipLevel + " (expected: 1 to 9)");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream file = Files.newOutputStream(path);
        OutputStream out = JsonLinesReader.isGzip(path)
                ? new LeveledGzipOutputStream(file, gzipLevel)
                : new BufferedOutputStream(file, 64 * 1024);
        return new JsonLinesWriter<>(out, codec);
    }

    /** Writes to a stream the caller provides; closing the writer closes it. */
    public static <T> JsonLinesWriter<T> of(OutputStream out, LineCodec<T> codec) throws IOException {
        return new JsonLinesWriter<>(out, codec);
    }

    public void write(T record) throws IOException {
        codec.encode(record, generator);
        generator.writeRaw('\n');
        written++;
    }

    public long written() {
        return written;
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(new BufferedOutputStream(out, 64 * 1024), 64 * 1024);
            def.setLevel(level);
        }
    }
}
