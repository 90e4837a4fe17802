package io.stillwatch.model.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip file in an {@code igzip} process (Intel ISA-L, Debian package {@code isal}), whose
 * inflate is 2–5× faster than zlib's: on a long log, zlib's inflating is a fifth of a replay's CPU. igzip
 * reads the file itself (its standard input is the file, so the compressed bytes cross no pipe and no
 * thread of ours copies them); the inflated bytes are read from its standard output. When the output ends,
 * the process's exit status is checked: a truncated or corrupt file is an {@link IOException} with igzip's
 * own message, never a silently shortened log.
 *
 * <p>Single reader. {@link #close()} stops the process.
 */
final class ExternalInflate extends InputStream {

    private final Process process;
    private final InputStream inflated;
    private final Path file;
    private long endOffset = -1;
    private boolean checked;

    private ExternalInflate(Path igzip, Path file) throws IOException {
        this.file = file;
        this.process = new ProcessBuilder(igzip.toString(), "-dc")
                .redirectInput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        this.inflated = process.getInputStream();
    }

    /**
     * An inflating stream over the gzip {@code file} when igzip is installed (and not switched off), else empty.
     *
     * @throws ZipException when the file does not start as gzip does
     */
    static Optional<ExternalInflate> over(Path file) throws IOException {
        Optional<Path> igzip = Igzip.locate();
        if (igzip.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream head = Files.newInputStream(file)) { // fails at open, as zlib does, not at the end
            if (head.read() != 0x1f || head.read() != 0x8b) {
                throw new ZipException("Not in GZIP format"); // as GZIPInputStream says it
            }
        }
        return Optional.of(new ExternalInflate(igzip.get(), file));
    }

    /**
     * How far igzip has read the file: its standard input's offset, from {@code /proc/PID/fdinfo/0} while it
     * runs (0 where that cannot be read), the file's size once the whole file has been inflated.
     */
    long fileBytesRead() {
        if (endOffset >= 0) {
            return endOffset;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "fdinfo", "0"))) {
                if (line.startsWith("pos:")) {
                    return Long.parseLong(line.substring(4).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended, or there is no /proc: progress is approximate only
        }
        return 0;
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

    /** At the end of the output: the file was whole only if igzip says so. */
    private void checkEnd() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while inflating", e);
        }
        if (status != 0) {
            throw new IOException("not a readable gzip file: " + Igzip.said(process)); // the reader names the file
        }
        endOffset = Files.size(file);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inflated.close();
    }
}
