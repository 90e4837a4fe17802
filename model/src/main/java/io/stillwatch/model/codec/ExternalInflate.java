package io.stillwatch.model.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decompresses a gzip stream in an {@code igzip} process (Intel ISA-L, Debian package {@code isal}), whose
 * inflate is 2–5× faster than zlib's: on a long log, zlib's inflating is a fifth of a replay's CPU. The
 * compressed bytes are fed to the process's standard input on a thread of our own (so the caller still sees
 * how much of the file has been read), the inflated bytes are read from its standard output. When the
 * output ends, the process's exit status is checked: a truncated or corrupt file is an {@link IOException}
 * with igzip's own message, never a silently shortened log.
 *
 * <p>Single reader. {@link #close()} stops the process and the feeding thread.
 */
final class ExternalInflate extends InputStream {
    /** Set to {@code false} to inflate with the JDK's zlib even where igzip is installed. */
    static final String PROPERTY = Igzip.PROPERTY;
    private static final int STDERR_LIMIT = 2_000;

    private final Process process;
    private final InputStream inflated;
    private final Thread feeder;
    private final InputStream gzip;
    private volatile IOException feedError;
    private boolean checked;

    private ExternalInflate(Path igzip, InputStream gzip, String source) throws IOException {
        this.gzip = gzip;
        this.process = new ProcessBuilder(igzip.toString(), "-dc")
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        this.inflated = process.getInputStream();
        this.feeder = new Thread(() -> feed(gzip), "igzip feed " + source);
        this.feeder.setDaemon(true);
        this.feeder.start();
    }

    /** An inflating stream over {@code gzip} when igzip is installed (and not switched off), else empty. */
    static Optional<InputStream> over(InputStream gzip, String source) throws IOException {
        Optional<Path> igzip = locate();
        return igzip.isEmpty() ? Optional.empty() : Optional.of(new ExternalInflate(igzip.get(), gzip, source));
    }

    /** The igzip executable on the {@code PATH}, unless {@value #PROPERTY} is {@code false}. */
    static Optional<Path> locate() {
        return Igzip.locate();
    }

    private void feed(InputStream gzip) {
        try (OutputStream stdin = process.getOutputStream()) {
            gzip.transferTo(stdin);
        } catch (IOException e) {
            // a closed pipe after close() or after igzip gave up is not the error to report: its exit status is
            if (process.isAlive() || process.exitValue() == 0) {
                feedError = e;
            }
        }
    }

    @Override
    public int read() throws IOException {
        int b = inflated.read();
        if (b < 0) {
            checkEnd();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = inflated.read(b, off, len);
        if (n < 0) {
            checkEnd();
        }
        return n;
    }

    /** At the end of the output: the file was whole only if igzip says so and the feeding did not fail. */
    private void checkEnd() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        int status;
        try {
            feeder.join();
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while inflating", e);
        }
        if (feedError != null) {
            throw new IOException("could not read the file: " + feedError.getMessage(), feedError);
        }
        if (status != 0) {
            throw new IOException("not a readable gzip file: " + stderr()); // the reader names the file
        }
    }

    private String stderr() throws IOException {
        try (InputStream err = process.getErrorStream()) {
            String said = new String(err.readNBytes(STDERR_LIMIT), StandardCharsets.UTF_8);
            return said.replace("(null)", "").replaceAll("\\s+", " ").trim(); // igzip names stdin "(null)"
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        feeder.interrupt();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            feeder.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (gzip) {
            inflated.close();
        }
    }
}
