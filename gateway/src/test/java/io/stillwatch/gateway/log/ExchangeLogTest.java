package io.stillwatch.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeLogTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-04-22T23:59:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static ExchangeRecord record(int i, Instant ts) {
        return new ExchangeRecord(1, "x_" + i, ts, "acct_1", "key_1", "127.0.0.1", null, "openai.chat.completions",
                "m", false, JsonNodeFactory.instance.objectNode().put("prompt", "p".repeat(200)), null, null, null,
                200, 1L, null);
    }

    private List<String> idsIn(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
        List<String> ids = new ArrayList<>();
        for (Path f : files) {
            try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(f, OnMalformed.STOP)) {
                ExchangeRecord x;
                while ((x = r.next()) != null) {
                    ids.add(x.id());
                }
            }
        }
        return ids;
    }

    @Test
    void append_overSizeLimit_rotatesToGzipAndLosesNothing() throws Exception {
        TestClock clock = new TestClock();
        try (ExchangeLog log = ExchangeLog.open(dir, 16, 4096, false, Duration.ofSeconds(5), clock)) {
            for (int i = 0; i < 300; i++) {
                log.append(record(i, clock.now));
            }
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(log.rotations()).isPositive();
            assertThat(log.written()).isEqualTo(300);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".jsonl.gz")).count()).isPositive();
        }
        List<String> ids = idsIn(dir);
        assertThat(ids).hasSize(300).doesNotHaveDuplicates();
    }

    @Test
    void append_acrossMidnight_rotatesByDay() throws Exception {
        TestClock clock = new TestClock();
        Path first;
        try (ExchangeLog log = ExchangeLog.open(dir, 16, 1L << 30, true, Duration.ofSeconds(5), clock)) {
            log.append(record(1, clock.now));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            first = log.currentFile();
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            log.append(record(2, clock.now));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(log.currentFile()).isNotEqualTo(first);
        }
        assertThat(first.resolveSibling(first.getFileName() + ".gz")).exists(); // compressed by close at the latest
        assertThat(first).doesNotExist();
        assertThat(idsIn(dir)).containsExactlyInAnyOrder("x_1", "x_2");
    }

    @Test
    void rotate_whileCompressionLags_writerGoesOnAndCloseWaitsForIt() throws Exception {
        TestClock clock = new TestClock();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService compressor = Executors.newSingleThreadExecutor();
        compressor.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExchangeLog log = ExchangeLog.open(dir, 16, 4096, false, Duration.ofSeconds(5), clock, compressor);
        for (int i = 0; i < 300; i++) {
            log.append(record(i, clock.now));
        }
        // every record is on disk while no rotated file has been compressed yet
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(log.written()).isEqualTo(300);
        assertThat(log.rotations()).isGreaterThan(1);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".gz")).toList()).isEmpty();
        }
        assertThat(idsIn(dir)).hasSize(300).doesNotHaveDuplicates();
        release.countDown();
        log.close();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertThat(files.stream().filter(p -> p.toString().endsWith(".jsonl.gz"))).hasSize((int) log.rotations());
            assertThat(files.stream().filter(p -> p.toString().endsWith(".jsonl"))).containsExactly(log.currentFile());
        }
        assertThat(idsIn(dir)).hasSize(300).doesNotHaveDuplicates();
    }

    @Test
    void open_leftoverPlainFile_isCompressedAndKept() throws Exception {
        TestClock clock = new TestClock();
        Path current;
        try (ExchangeLog log = ExchangeLog.open(dir, 16, 1L << 30, false, Duration.ofSeconds(5), clock)) {
            log.append(record(7, clock.now));
            current = log.currentFile();
        }
        assertThat(current).exists(); // close leaves plain JSON Lines
        try (ExchangeLog log = ExchangeLog.open(dir, 16, 1L << 30, false, Duration.ofSeconds(5), clock)) {
            assertThat(current).doesNotExist();
            assertThat(current.resolveSibling(current.getFileName() + ".gz")).exists();
        }
        assertThat(idsIn(dir)).containsExactly("x_7");
    }

    @Test
    void append_afterClose_isCountedAsDropped() throws Exception {
        TestClock clock = new TestClock();
        ExchangeLog log = ExchangeLog.open(dir, 4, 1L << 30, false, Duration.ofMillis(10), clock);
        log.close();
        log.append(record(1, clock.now));
        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void close_withQueuedRecords_writesThemAll() throws Exception {
        TestClock clock = new TestClock();
        ExchangeLog log = ExchangeLog.open(dir, 10_000, 1L << 30, false, Duration.ofSeconds(5), clock);
        for (int i = 0; i < 5_000; i++) {
            log.append(record(i, clock.now));
        }
        log.close();
        assertThat(log.written()).isEqualTo(5_000);
        assertThat(log.dropped()).isZero();
        assertThat(idsIn(dir)).hasSize(5_000);
    }

    /** Compresses with zlib and says each slice took 1 µs of CPU. */
    private static RotatedGzip oneMicrosecondASlice(Path target) throws IOException {
        return new RotatedGzip(new java.util.zip.GZIPOutputStream(Files.newOutputStream(target))) {
            long work;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                super.write(b, off, len);
                work += 1_000;
            }

            @Override
            long workNanos() {
                return work;
            }
        };
    }

    @Test
    void gzip_pacesItselfToAQuarterOfACpu_unlessHurried() throws Exception {
        byte[] content = new byte[5 * ExchangeLog.COMPRESS_SLICE / 2]; // 3 slices, the last one half full
        new java.util.Random(7).nextBytes(content);
        List<Long> sleeps = new ArrayList<>();
        Path file = dir.resolve("a.jsonl");
        Files.write(file, content);
        ExchangeLog.gzip(file, () -> false, ExchangeLogTest::oneMicrosecondASlice, sleeps::add);
        assertThat(sleeps).containsExactly(3_000L, 3_000L, 3_000L); // three times the slice's CPU: 25 % duty
        assertThat(file).doesNotExist();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("a.jsonl.gz")))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        sleeps.clear();
        Path hurried = dir.resolve("b.jsonl");
        Files.write(hurried, content);
        ExchangeLog.gzip(hurried, () -> true, ExchangeLogTest::oneMicrosecondASlice, sleeps::add);
        assertThat(sleeps).isEmpty();
        assertThat(dir.resolve("b.jsonl.gz")).exists();
    }

    /**
     * The real compressors, igzip (where installed) and zlib: a rotated log comes out as standard gzip
     * that the model's reader reads back whole, and the pacing sees CPU time spent on it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void gzip_writesStandardGzipTheModelReaderReads(boolean igzip) throws Exception {
        System.setProperty(io.stillwatch.model.codec.Igzip.PROPERTY, Boolean.toString(igzip));
        try {
            if (igzip) {
                org.junit.jupiter.api.Assumptions.assumeTrue(io.stillwatch.model.codec.Igzip.locate().isPresent(),
                        "igzip is not installed (Debian package isal)");
            }
            assertThat(RotatedGzip.describe()).startsWith(igzip ? "igzip -1" : "zlib level 1");
            Path file = dir.resolve("c.jsonl");
            try (var w = io.stillwatch.model.codec.JsonLinesWriter.of(Files.newOutputStream(file),
                    io.stillwatch.model.codec.ExchangeLogCodec.INSTANCE)) {
                for (int i = 0; i < 3_000; i++) {
                    w.write(record(i, Instant.parse("2026-01-01T00:00:00Z").plusMillis(i)));
                }
            }
            byte[] content = Files.readAllBytes(file);
            List<Long> sleeps = new ArrayList<>();
            ExchangeLog.gzip(file, () -> false, RotatedGzip::open, sleeps::add);
            assertThat(file).doesNotExist();
            assertThat(dir.resolve("c.jsonl.gz.tmp")).doesNotExist();
            assertThat(sleeps).hasSize((content.length + ExchangeLog.COMPRESS_SLICE - 1) / ExchangeLog.COMPRESS_SLICE);
            assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isPositive();
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("c.jsonl.gz")))) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            System.clearProperty(io.stillwatch.model.codec.Igzip.PROPERTY); // the reader inflates as it would
            assertThat(idsIn(dir)).hasSize(3_000).doesNotHaveDuplicates();
        } finally {
            System.clearProperty(io.stillwatch.model.codec.Igzip.PROPERTY);
        }
    }
}
