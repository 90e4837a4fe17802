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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inflating ahead of the reader, both ways: in an igzip process ({@link ExternalInflate}, where installed;
 * {@code .ci/run} installs it) and on a thread of our own ({@link InflateAhead}).
 */
class InflateAheadTest {
    @TempDir
    Path dir;

    /** Chooses the inflater for the test; the igzip case is skipped where igzip is not installed. */
    private static void inflateWith(boolean igzip) {
        System.setProperty(Igzip.PROPERTY, Boolean.toString(igzip));
        if (igzip) {
            Assumptions.assumeTrue(Igzip.locate().isPresent(),
                    "igzip is not installed (Debian package isal)");
        }
    }

    @AfterEach
    void defaultInflater() {
        System.clearProperty(Igzip.PROPERTY);
    }

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

    @ParameterizedTest(name = "igzip {0}")
    @ValueSource(booleans = {true, false})
    void read_manyChunks_sameRecordsInOrderAsInflatingInline(boolean igzip) throws Exception {
        inflateWith(igzip);
        Path p = log(6000); // several 256 KiB chunks
        List<String> inline;
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(p, OnMalformed.STOP)) {
            inline = ids(r);
        }
        try (JsonLinesReader<ExchangeRecord> r =
                     JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE, OnMalformed.STOP)) {
            assertThat(r.inflater()).isEqualTo(igzip ? "igzip" : "zlib");
            assertThat(ids(r)).hasSize(6000).isEqualTo(inline);
            assertThat(r.bytesRead()).isEqualTo(Files.size(p));
        }
    }

    @ParameterizedTest(name = "igzip {0}")
    @ValueSource(booleans = {true, false})
    void read_truncatedGzip_failsWithAnIoErrorNamingTheFile(boolean igzip) throws Exception {
        inflateWith(igzip);
        Path p = log(3000);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        try (JsonLinesReader<ExchangeRecord> r =
                     JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE, OnMalformed.STOP)) {
            assertThatThrownBy(() -> ids(r)).isInstanceOf(IOException.class).hasMessageContaining(p.toString());
        }
    }

    @ParameterizedTest(name = "igzip {0}")
    @ValueSource(booleans = {true, false})
    void close_beforeTheEnd_stopsTheInflatingThread(boolean igzip) throws Exception {
        inflateWith(igzip);
        Path p = log(6000);
        JsonLinesReader<ExchangeRecord> r = JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE,
                OnMalformed.STOP);
        assertThat(r.next().id()).isEqualTo("ex_0");
        r.close(); // must return although the inflater is blocked on its full queue (or pipe)
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("inflate " + p) || t.getName().equals("igzip feed " + p));
        assertThat(ProcessHandle.current().children()).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void igzip_sameBytesAsTheJdkInflater_overSeveralGzipMembers() throws Exception {
        inflateWith(true);
        Path p = log(3000);
        byte[] member = Files.readAllBytes(p);
        Path twice = dir.resolve("twice.jsonl.gz"); // two members, as `cat a.gz b.gz` makes
        Files.write(twice, member);
        Files.write(twice, member, java.nio.file.StandardOpenOption.APPEND);
        try (JsonLinesReader<ExchangeRecord> r =
                     JsonLinesReader.openInflatingAhead(twice, ExchangeLogCodec.INSTANCE, OnMalformed.STOP)) {
            assertThat(r.next().id()).isEqualTo("ex_0");
            assertThat(r.bytesRead()).as("igzip's offset in the file, mid-way").isBetween(1L, 2L * member.length);
            List<String> ids = new ArrayList<>(List.of("ex_0"));
            ids.addAll(ids(r));
            assertThat(ids).hasSize(6000);
            assertThat(ids.subList(3000, 6000)).isEqualTo(ids.subList(0, 3000));
            assertThat(r.bytesRead()).isEqualTo(2L * member.length);
        }
    }

    @ParameterizedTest(name = "igzip {0}")
    @ValueSource(booleans = {true, false})
    void open_notGzip_failsAtOnceNamingTheFile(boolean igzip) {
        inflateWith(igzip);
        Path p = dir.resolve("plain.jsonl.gz");
        assertThatThrownBy(() -> {
            Files.writeString(p, "{\"id\":\"x\"}\n");
            JsonLinesReader.openInflatingAhead(p, ExchangeLogCodec.INSTANCE, OnMalformed.STOP).close();
        }).isInstanceOf(IOException.class).hasMessageContaining(p + ": not a readable gzip file");
    }
}
