package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InflateAheadTest {
    @TempDir
    Path dir;

    private Path log(int n) throws IOException {
        Path p = dir.resolve("x.jsonl.gz");
        try (JsonLinesWriter<ExchangeRecord> w = ContractFiles.writeExchanges(p)) {
            for (int i = 0; i < n; i++) {
                w.write(ContractSamples.exchange(i));
            }
        }
        return p;
    }

    private static List<String> ids(JsonLinesReader<ExchangeRecord> r) throws Exception {
        List<String> ids = new ArrayList<>();
        ExchangeRecord x;
        while ((x = r.next()) != null) {
            ids.add(x.id());
        }
        return ids;
    }

    @Test
    void read_manyChunks_sameRecordsInOrderAsInflatingInline() throws Exception {
        Path p = log(6000); // several 256 KiB chunks
        List<String> inline;
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(p, OnMalformed.STOP)) {
            inline = ids(r);
        }
        try (JsonLinesReader<ExchangeRecord> r =
                     JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE, OnMalformed.STOP)) {
            assertThat(ids(r)).hasSize(6000).isEqualTo(inline);
            assertThat(r.bytesRead()).isEqualTo(Files.size(p));
        }
    }

    @Test
    void read_truncatedGzip_failsWithAnIoErrorNamingTheFile() throws Exception {
        Path p = log(3000);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        try (JsonLinesReader<ExchangeRecord> r =
                     JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE, OnMalformed.STOP)) {
            assertThatThrownBy(() -> ids(r)).isInstanceOf(IOException.class).hasMessageContaining(p.toString());
        }
    }

    @Test
    void close_beforeTheEnd_stopsTheInflatingThread() throws Exception {
        Path p = log(6000);
        JsonLinesReader<ExchangeRecord> r = JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE,
                OnMalformed.STOP);
        assertThat(r.next().id()).isEqualTo("ex_0");
        r.close(); // must return although the inflater is blocked on its full queue
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("inflate " + p));
    }
}
