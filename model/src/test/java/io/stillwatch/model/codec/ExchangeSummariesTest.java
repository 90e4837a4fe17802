package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonToken;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeSummariesTest {
    @TempDir
    Path dir;

    /** Counts the request's fields: proves the reader, not a tree, consumed the body. */
    private static final RequestReader<Integer> FIELD_COUNT = p -> {
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            n++;
            p.nextToken();
            p.skipChildren();
        }
        return n;
    };

    @Test
    void summaries_sampleLog_sameFieldsAsFullRecordsAndRequestHandedToTheReader() throws Exception {
        Path log = dir.resolve("x.jsonl.gz");
        try (JsonLinesWriter<ExchangeRecord> w = ContractFiles.writeExchanges(log)) {
            for (int i = 0; i < 200; i++) {
                w.write(ContractSamples.exchange(i));
            }
            w.write(ContractSamples.fingerprintOnly());
        }
        try (JsonLinesReader<ExchangeRecord> full = ContractFiles.readExchanges(log, OnMalformed.STOP);
             JsonLinesReader<ExchangeSummary<Integer>> lean =
                     ContractFiles.readExchangeSummaries(log, OnMalformed.STOP, FIELD_COUNT)) {
            ExchangeRecord r;
            int n = 0;
            while ((r = full.next()) != null) {
                ExchangeSummary<Integer> s = lean.next();
                assertThat(List.of(s.id(), s.ts(), s.account(), s.ip(), s.model(), s.usage()))
                        .isEqualTo(List.of(r.id(), r.ts(), r.account(), r.ip(), r.model(), r.usageOrNone()));
                assertThat(s.request()).isEqualTo(r.request() == null ? null : r.request().size());
                assertThat(s.fingerprint()).isEqualTo(r.fingerprint());
                n++;
            }
            assertThat(lean.next()).isNull();
            assertThat(n).isEqualTo(201);
        }
    }

    @Test
    void summaries_lineBreakingTheContract_rejectedAsTheFullDecoderRejectsIt() throws Exception {
        String ok = "{\"v\":1,\"id\":\"x\",\"ts\":\"2026-06-01T01:00:00.000Z\",\"account\":\"a\",\"key\":\"k\","
                + "\"ip\":\"73.0.1.2\",\"api\":\"openai.chat.completions\",\"model\":\"m\",\"request\":{}";
        for (String line : new String[] {ok + ",\"status\":700}", ok + ",\"status\":200,\"latency_ms\":-1}",
            ok + ",\"status\":200,\"ts\":\"2026-02-30T01:00:00.000Z\"}", ok.replace("\"request\":{}", "\"request\":[]")
                + ",\"status\":200}",
            // values the summary checks but does not read
            ok.replace("\"key\":\"k\"", "\"key\":7") + ",\"status\":200}",
            ok.replace("\"key\":\"k\"", "\"key\":null") + ",\"status\":200}",
            ok.replace("\"api\":\"openai.chat.completions\",", "") + ",\"status\":200}",
            ok + ",\"ua\":{},\"status\":200}", ok + ",\"ua\":\"bad \\q escape\",\"status\":200}",
            ok + ",\"response\":{\"text\":1},\"status\":200}",
            ok + ",\"response\":{\"stop_reason\":[]},\"status\":200}",
            ok + ",\"response\":{\"text\":\"unterminated},\"status\":200}"}) {
            Path p = dir.resolve("bad.jsonl");
            Files.writeString(p, line + "\n");
            assertSummaryRejectsAsTheFullDecoder(p);
        }
    }

    @Test
    void summaries_invalidUtf8InAValueNotRead_rejectedAsTheFullDecoderRejectsIt() throws Exception {
        String ok = "{\"v\":1,\"id\":\"x\",\"ts\":\"2026-06-01T01:00:00.000Z\",\"account\":\"a\",\"key\":\"k\","
                + "\"ip\":\"73.0.1.2\",\"api\":\"openai.chat.completions\",\"model\":\"m\",\"request\":{},\"status\":200,";
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}, {(byte) 0xFF}};
        for (String field : new String[] {"\"ua\":\"", "\"response\":{\"text\":\""}) {
            for (byte[] b : bad) {
                Path p = dir.resolve("utf8.jsonl");
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                line.writeBytes((ok + field + "x").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                line.writeBytes(b);
                line.writeBytes((field.startsWith("\"r") ? "\"}}\n" : "\"}\n").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
                Files.write(p, line.toByteArray());
                assertSummaryRejectsAsTheFullDecoder(p);
            }
        }
    }

    /** The summary decoder rejects the file's line with exactly the full decoder's message. */
    private static void assertSummaryRejectsAsTheFullDecoder(Path p) throws Exception {
        String expected;
        try (JsonLinesReader<ExchangeRecord> full = ContractFiles.readExchanges(p, OnMalformed.STOP)) {
            expected = catchMessage(full);
        }
        try (JsonLinesReader<ExchangeSummary<Integer>> lean =
                     ContractFiles.readExchangeSummaries(p, OnMalformed.STOP, FIELD_COUNT)) {
            assertThatThrownBy(lean::next).isInstanceOf(MalformedLineException.class).hasMessage(expected);
        }
    }

    private static String catchMessage(JsonLinesReader<?> r) {
        try {
            r.next();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the line to be rejected");
    }
}
