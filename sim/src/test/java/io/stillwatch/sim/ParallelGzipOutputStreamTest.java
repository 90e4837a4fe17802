package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
    private static final int CHUNK = ParallelGzipOutputStream.CHUNK;

    @Test
    void write_anySize_isOneGzipMemberOfTheInput() throws Exception {
        for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + CHUNK / 2}) {
            byte[] input = lines(size, 21);
            byte[] gz = compress(input, 2, 6, 22);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).as("size %d", size).isEqualTo(input);
            assertSingleMember(gz, input);
        }
    }

    @Test
    void write_sameInput_sameBytesWhateverTheThreads() throws Exception {
        byte[] input = lines(5 * CHUNK / 2, 23);
        byte[] one = compress(input, 1, 2, 24);
        assertThat(compress(input, 3, 8, 25)).isEqualTo(one);
        assertThat(compress(input, 2, 3, 26)).isEqualTo(one);
    }

    @Test
    void close_failingFile_failsWithTheCause() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> {
            try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(broken, 1, 2, 3)) {
                byte[] input = lines(4 * CHUNK, 27);
                out.write(input, 0, input.length);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
    }

    @Test
    void new_windowNotAboveThreads_failsNamingBoth() {
        assertThatThrownBy(() -> new ParallelGzipOutputStream(new ByteArrayOutputStream(), 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads: 2, window: 2");
    }

    /** Compresses {@code input} written in random-sized pieces. */
    private static byte[] compress(byte[] input, int threads, int window, long seed) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        SplittableRandom rng = new SplittableRandom(seed);
        try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(file, 1, threads, window)) {
            int off = 0;
            while (off < input.length) {
                int n = Math.min(input.length - off, 1 + rng.nextInt(rng.nextBoolean() ? 100 : 300_000));
                out.write(input, off, n);
                off += n;
            }
            assertThat(out.written()).isEqualTo(input.length);
        }
        return file.toByteArray();
    }

    /** One deflate stream after the 10-byte header, ending exactly before the 8-byte trailer (CRC-32, size). */
    private static void assertSingleMember(byte[] gz, byte[] input) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(gz, 10, gz.length - 10);
        byte[] out = new byte[input.length + 1];
        int n = 0;
        while (!inflater.finished()) {
            n += inflater.inflate(out, n, out.length - n);
        }
        assertThat(n).isEqualTo(input.length);
        assertThat(inflater.getRemaining()).isEqualTo(8);
        CRC32 crc = new CRC32();
        crc.update(input);
        long trailerCrc = 0;
        for (int i = 0; i < 4; i++) {
            trailerCrc |= (gz[gz.length - 8 + i] & 0xffL) << (8 * i);
        }
        assertThat(trailerCrc).isEqualTo(crc.getValue());
        inflater.end();
    }

    /** Compressible text lines, like a log. */
    private static byte[] lines(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] b = new byte[size];
        String[] words = {"{\"v\":1,", "\"model\":\"gpt-4.1\",", "\"content\":\"", "hello ", "world ", "def f(x): ", "\\n", "}\n"};
        int p = 0;
        while (p < size) {
            byte[] w = words[rng.nextInt(words.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < w.length && p < size; i++) {
                b[p++] = w[i];
            }
            if (p < size && rng.nextInt(4) == 0) {
                b[p++] = (byte) ('a' + rng.nextInt(26));
            }
        }
        return b;
    }
}
