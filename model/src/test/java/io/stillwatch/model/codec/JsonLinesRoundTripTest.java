package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void exchanges_plainAndGzip_roundTripEqual() throws Exception {
        for (String name : List.of("x.jsonl", "x.jsonl.gz")) {
            Path file = dir.resolve(name);
            List<ExchangeRecord> written = new ArrayList<>();
            try (var w = ContractFiles.writeExchanges(file)) {
                for (int i = 0; i < 500; i++) {
                    written.add(ContractSamples.exchange(i));
                    w.write(written.get(i));
                }
                w.write(ContractSamples.fingerprintOnly());
                written.add(ContractSamples.fingerprintOnly());
            }
            assertThat(readAll(file)).as(name).isEqualTo(written);
        }
    }

    @Test
    void gzipSuffix_writesRealGzip_plainSuffixWritesText() throws Exception {
        Path gz = dir.resolve("a.jsonl.gz");
        Path plain = dir.resolve("a.jsonl");
        try (var w = ContractFiles.writeExchanges(gz); var p = ContractFiles.writeExchanges(plain)) {
            w.write(ContractSamples.exchange(1));
            p.write(ContractSamples.exchange(1));
        }
        byte[] head = Files.readAllBytes(gz);
        assertThat(head[0] & 0xff).isEqualTo(0x1f);
        assertThat(head[1] & 0xff).isEqualTo(0x8b);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(plain));
        }
    }

    @Test
    void encode_usesContractFieldNamesAndTypes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var w = JsonLinesWriter.of(out, ExchangeLogCodec.INSTANCE)) {
            w.write(ContractSamples.exchange(0));
        }
        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").doesNotStartWith(" ");
        JsonNode n = new ObjectMapper().readTree(line);
        assertThat(n.get("v").isInt()).isTrue();
        assertThat(n.get("ts").asText()).isEqualTo("2026-04-22T10:00:00.123Z");
        assertThat(n.get("api").asText()).isEqualTo("openai.chat.completions");
        assertThat(n.get("stream").asBoolean()).isTrue();
        assertThat(n.get("status").asInt()).isEqualTo(429);
        assertThat(n.get("latency_ms").isIntegralNumber()).isTrue();
        assertThat(n.get("action").asText()).isEqualTo("deny_limit");
        assertThat(n.get("usage").get("input_tokens").asLong()).isEqualTo(100);
        assertThat(n.get("response").get("reasoning_chars").asInt()).isEqualTo(1200);
        assertThat(n.get("response").get("stop_reason").asText()).isEqualTo("stop");
        assertThat(n.get("request").get("messages").get(0).get("content").asText()).contains("ü €");
    }

    @Test
    void accounts_roundTripEqual() throws Exception {
        Path file = dir.resolve("accounts.jsonl.gz");
        List<AccountRecord> written = new ArrayList<>();
        try (var w = ContractFiles.writeAccounts(file)) {
            for (int i = 0; i < 300; i++) {
                written.add(ContractSamples.account(i));
                w.write(written.get(i));
            }
        }
        List<AccountRecord> read = new ArrayList<>();
        try (var r = ContractFiles.readAccounts(file, OnMalformed.STOP)) {
            AccountRecord a;
            while ((a = r.next()) != null) {
                read.add(a);
            }
        }
        assertThat(read).isEqualTo(written);
    }

    @Test
    void report_roundTripEqual_withContractFieldNames() throws Exception {
        Path file = dir.resolve("report.json");
        DetectionReport report = ContractSamples.report();
        DetectionReportCodec.write(report, file);
        assertThat(DetectionReportCodec.read(file)).isEqualTo(report);
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        assertThat(n.get("input").get("exchanges").asLong()).isEqualTo(123_456);
        assertThat(n.get("flags").get(1).get("campaign").isNull()).isTrue();
        JsonNode camp = n.get("campaigns").get(0);
        assertThat(camp.get("first_seen").asText()).isEqualTo("2026-04-22T09:00:00.123Z");
        assertThat(camp.get("flagged_at").asText()).isEqualTo("2026-04-22T10:00:00.123Z");
        assertThat(camp.get("evidence").get(0).get("kind").asText()).isEqualTo("shared_payment");
    }

    @Test
    void unknownFields_areIgnored_everywhere() throws Exception {
        Path x = dir.resolve("x.jsonl");
        Files.writeString(x, "{\"v\":1,\"future\":{\"nested\":[1,2,{\"a\":null}]},\"id\":\"e1\","
                + "\"ts\":\"2026-04-22T10:00:00.000Z\",\"account\":\"a\",\"key\":\"k\",\"ip\":\"::1\","
                + "\"api\":\"anthropic.messages\",\"model\":\"m\",\"request\":{\"messages\":[]},"
                + "\"usage\":{\"input_tokens\":3,\"cache_tokens\":9},\"response\":{\"x\":1},\"status\":200,"
                + "\"extra\":\"yes\"}\n");
        List<ExchangeRecord> read = readAll(x);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).usage().inputTokens()).isEqualTo(3);
        assertThat(read.get(0).stream()).isFalse();

        Path a = dir.resolve("a.jsonl");
        Files.writeString(a, "{\"account\":\"a1\",\"created\":\"2026-01-01T00:00:00Z\",\"risk\":0.3}\n");
        try (var r = ContractFiles.readAccounts(a, OnMalformed.STOP)) {
            assertThat(r.next().account()).isEqualTo("a1");
        }
        Path rep = dir.resolve("r.json");
        Files.writeString(rep, "{\"v\":1,\"tool\":\"other\",\"input\":{\"exchanges\":1,\"accounts\":1,\"x\":2},"
                + "\"flags\":[{\"account\":\"a\",\"at\":\"2026-01-01T00:00:00.000Z\",\"campaign\":null,"
                + "\"score\":1,\"reasons\":[],\"note\":\"n\"}],\"campaigns\":[]}");
        assertThat(DetectionReportCodec.read(rep).flags()).hasSize(1);
    }

    @Test
    void reader_acceptsCrlfAndMissingFinalNewline() throws Exception {
        Path x = dir.resolve("x.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var w = JsonLinesWriter.of(out, ExchangeLogCodec.INSTANCE)) {
            w.write(ContractSamples.exchange(1));
            w.write(ContractSamples.exchange(2));
        }
        String text = out.toString(StandardCharsets.UTF_8);
        String crlfNoFinal = text.replaceFirst("\n", "\r\n").stripTrailing();
        Files.writeString(x, crlfNoFinal);
        assertThat(readAll(x)).containsExactly(ContractSamples.exchange(1), ContractSamples.exchange(2));
    }

    static List<ExchangeRecord> readAll(Path file) throws Exception {
        List<ExchangeRecord> out = new ArrayList<>();
        try (var r = ContractFiles.readExchanges(file, OnMalformed.STOP)) {
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                out.add(x);
            }
        }
        return out;
    }
}
