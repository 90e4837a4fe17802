package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {
    @TempDir
    Path dir;

    private static String exchange(int n) {
        return "{\"v\":1,\"id\":\"x" + n + "\",\"ts\":\"2026-06-01T01:00:00.000Z\",\"account\":\"a1\",\"key\":\"k1\","
                + "\"ip\":\"73.0.1.2\",\"api\":\"openai.chat.completions\",\"model\":\"m\",\"status\":200,"
                + "\"request\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }

    private Path log(int n, int malformedAt) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add(i == malformedAt ? "{not json" : exchange(i));
        }
        Path p = dir.resolve("x.jsonl");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void next_manyBatchesSmallQueue_keepsFileOrder() throws Exception {
        Path p = log(1000, -1);
        List<String> ids = new ArrayList<>();
        try (ReadAhead<ExchangeRecord> r = ReadAhead.of(ContractFiles.readExchanges(p, OnMalformed.STOP), 7, 2,
                "t")) {
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                ids.add(x.id());
            }
            assertThat(r.next()).isNull();
        }
        assertThat(ids).hasSize(1000).startsWith("x1", "x2", "x3").endsWith("x999", "x1000");
    }

    @Test
    void next_malformedLine_deliversRecordsBeforeThenThrows() throws Exception {
        Path p = log(20, 15);
        List<String> ids = new ArrayList<>();
        try (ReadAhead<ExchangeRecord> r = ReadAhead.of(ContractFiles.readExchanges(p, OnMalformed.STOP), 4, 1,
                "t")) {
            assertThatThrownBy(() -> {
                ExchangeRecord x;
                while ((x = r.next()) != null) {
                    ids.add(x.id());
                }
            }).isInstanceOf(MalformedLineException.class).hasMessageContaining(":15");
        }
        assertThat(ids).hasSize(14).endsWith("x14");
    }

    @Test
    void close_consumerStopsEarly_readerStops() throws Exception {
        Path p = log(5000, -1);
        ReadAhead<ExchangeRecord> r = ReadAhead.of(ContractFiles.readExchanges(p, OnMalformed.STOP), 10, 1, "t");
        assertThat(r.next().id()).isEqualTo("x1");
        r.close(); // must return: the reader is blocked on the full queue and is interrupted
        assertThat(r.running()).isFalse();
    }

    @Test
    void next_producerThrowsRuntimeException_consumerGetsRecordsBeforeThenThatException() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom at 10");
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer> r = new ReadAhead<>(sink -> {
            for (int i = 0; i < 10; i++) {
                sink.accept(i);
            }
            throw boom;
        }, () -> { }, 3, 1, "t")) {
            assertThatThrownBy(() -> {
                Integer x;
                while ((x = r.next()) != null) {
                    seen.add(x);
                }
            }).isSameAs(boom);
            assertThat(r.next()).isNull(); // ended: no hang after the error
        }
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void next_chainedOnAnotherReadAhead_keepsOrderAndPassesItsErrorOn() throws Exception {
        Path p = log(50, 31);
        List<String> ids = new ArrayList<>();
        try (ReadAhead<ExchangeRecord> lines = ReadAhead.of(ContractFiles.readExchanges(p, OnMalformed.STOP), 4, 2,
                "t1");
             ReadAhead<String> upper = new ReadAhead<>(sink -> {
                 ExchangeRecord x;
                 while ((x = lines.next()) != null) {
                     sink.accept(x.id().toUpperCase());
                 }
             }, () -> { }, 5, 2, "t2")) {
            assertThatThrownBy(() -> {
                String id;
                while ((id = upper.next()) != null) {
                    ids.add(id);
                }
            }).isInstanceOf(MalformedLineException.class).hasMessageContaining(":31");
        }
        assertThat(ids).hasSize(30).startsWith("X1").endsWith("X30");
    }

    @Test
    void peek_withinABatch_theNextRecordWithoutTakingIt_nullAtTheBatchEnd() throws Exception {
        try (ReadAhead<Integer> r = new ReadAhead<>(sink -> {
            for (int i = 0; i < 6; i++) {
                sink.accept(i);
            }
        }, () -> { }, 3, 4, "t")) {
            assertThat(r.peek()).isNull(); // nothing handed over yet
            assertThat(r.next()).isEqualTo(0);
            assertThat(r.peek()).isEqualTo(1);
            assertThat(r.next()).isEqualTo(1);
            assertThat(r.next()).isEqualTo(2);
            assertThat(r.peek()).isNull(); // the next batch is not taken by a peek
            assertThat(r.next()).isEqualTo(3);
            assertThat(r.peek()).isEqualTo(4);
        }
    }
}
