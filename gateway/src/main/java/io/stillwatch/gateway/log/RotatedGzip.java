package io.stillwatch.gateway.log;

import io.stillwatch.model.codec.Igzip;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses one rotated exchange-log file to standard gzip, fast: in an {@code igzip -1} process
 * (Intel ISA-L, Debian package {@code isal}; run under {@code nice -n 19}) where igzip is installed, else with zlib at
 * {@link Deflater#BEST_SPEED} in the calling thread. Measured on a realistic log (docs/benchmarks.md,
 * "Rotated-log compression"): zlib's default level 6 took 9.8 ms of CPU a MiB for 9.8 % of the size,
 * igzip -1 1.6 ms for 13.7 %, zlib level 1 4.2 ms for 14.5 %. On the gateway's load benchmark, level 6
 * cost 2.6 µs of CPU a request; disk is cheaper than that CPU.
 *
 * <p>{@link #workNanos()} is the CPU time spent compressing so far (the caller's thread, plus the
 * igzip process's), which {@link ExchangeLog#gzip} paces against. Call it and write from one thread.
 * {@link #close()} ends the file; it fails unless the whole file was compressed.
 */
abstract class RotatedGzip extends OutputStream {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Where the uncompressed bytes go: the deflater, or igzip's standard input. */
    private final OutputStream out;

    RotatedGzip(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Ends the stream: the deflater's trailer, or the end of igzip's input. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Compresses into {@code target} (created or truncated) with igzip if installed, else zlib. */
    static RotatedGzip open(Path target) throws IOException {
        Optional<Path> igzip = Igzip.locate();
        return igzip.isPresent() ? External.start(igzip.get(), target) : new Zlib(target);
    }

    /** Which compressor {@link #open} uses here, for the start-up log. */
    static String describe() {
        return Igzip.locate().map(p -> "igzip -1 (" + p + ")").orElse("zlib level 1 (igzip not installed)");
    }

    abstract long workNanos();

    /** CPU time of the calling thread (wall time where the JVM cannot tell). */
    static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static final class Zlib extends RotatedGzip {
        Zlib(Path target) throws IOException {
            super(new GZIPOutputStream(Files.newOutputStream(target), 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            });
        }

        @Override
        long workNanos() {
            return threadCpuNanos();
        }
    }

    /**
     * igzip reading the file's bytes from a pipe and writing the gzip file itself. Its CPU time is read
     * from {@code /proc/PID/schedstat} (nanoseconds; igzip compresses on one thread), else from
     * {@link ProcessHandle.Info#totalCpuDuration()} (clock ticks).
     */
    private static final class External extends RotatedGzip {
        private static final Optional<Path> NICE = Igzip.onPath("nice");
        private final Process process;
        private final FileChannel schedstat;
        private final ByteBuffer statBuffer = ByteBuffer.allocate(128);

        private External(Process process) {
            super(process.getOutputStream());
            this.process = process;
            FileChannel stat;
            try {
                stat = FileChannel.open(Path.of("/proc", Long.toString(process.pid()), "schedstat"), StandardOpenOption.READ);
            } catch (IOException | UnsupportedOperationException e) {
                stat = null;
            }
            this.schedstat = stat;
        }

        static External start(Path igzip, Path target) throws IOException {
            List<String> command = new ArrayList<>();
            // at the lowest priority: the scheduler then gives the event loop the CPU whenever both
            // want it, rather than sharing it by time slices (the pacing above bounds the total)
            NICE.ifPresent(nice -> command.addAll(List.of(nice.toString(), "-n", "19")));
            command.addAll(List.of(igzip.toString(), "-1", "-c"));
            return new External(new ProcessBuilder(command)
                    .redirectOutput(target.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start());
        }

        @Override
        long workNanos() {
            return threadCpuNanos() + childCpuNanos();
        }

        private long childCpuNanos() {
            if (schedstat != null) {
                try {
                    statBuffer.clear();
                    int n = schedstat.read(statBuffer, 0);
                    if (n > 0) {
                        String s = new String(statBuffer.array(), 0, n, StandardCharsets.US_ASCII);
                        int space = s.indexOf(' ');
                        return Long.parseLong(space < 0 ? s.trim() : s.substring(0, space));
                    }
                } catch (IOException | NumberFormatException e) {
                    // igzip has exited (or the kernel keeps no schedstat): fall through to the coarse figure
                }
            }
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        @Override
        public void close() throws IOException {
            int status;
            try {
                super.close(); // the end of igzip's input
                status = process.waitFor();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while igzip compressed", e);
            } catch (IOException e) {
                process.destroy();
                throw e;
            } finally {
                if (schedstat != null) {
                    schedstat.close();
                }
            }
            if (status != 0) {
                throw new IOException("igzip failed (exit status " + status + "): " + Igzip.said(process));
            }
        }
    }
}
