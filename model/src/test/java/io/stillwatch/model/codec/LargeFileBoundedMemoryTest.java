package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes and reads a log of millions of lines, generated here, inside a JVM whose heap is capped at
 * 64 MB (see the {@code bounded-memory} surefire execution in this module's pom). Holding the file,
 * or even a small fraction of its records, in memory would fail with OutOfMemoryError.
 */
class LargeFileBoundedMemoryTest {
    private static final int LINES = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void millionsOfLines_readUnderSmallFixedHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx64m")
                .isLessThanOrEqualTo(72L * 1024 * 1024);
        Path file = dir.resolve("big.jsonl.gz");
        long idSum = 0;
        try (var w = ContractFiles.writeExchanges(file, Deflater.BEST_SPEED)) {
            for (int i = 0; i < LINES; i++) {
                w.write(ContractSamples.exchange(i));
                idSum += i;
            }
        }
        assertThat(Files.size(file)).isGreaterThan(10L * 1024 * 1024);

        long read = 0;
        long readIdSum = 0;
        try (var r = ContractFiles.readExchanges(file, OnMalformed.STOP)) {
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                read++;
                readIdSum += Long.parseLong(x.id().substring(3));
            }
            assertThat(r.bytesRead()).isEqualTo(Files.size(file));
        }
        assertThat(read).isEqualTo(LINES);
        assertThat(readIdSum).isEqualTo(idSum);
    }
}
