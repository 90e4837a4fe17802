package io.stillwatch.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void of_writesTheClientsBytesExactly_andReadersSeeTheObject() throws Exception {
        // spacing, key order, escapes and number spelling a tree would normalise
        String body = "{ \"model\":\"m\",  \"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 \u00e9t\u00e9\"}],"
                + "\"temperature\":1.50,\"n\":1e0 }";
        byte[] bytes = ("  " + body + "\t").getBytes(StandardCharsets.UTF_8);
        var request = RawJson.of(bytes, 2, bytes.length - 3);
        Instant ts = Instant.parse("2026-11-28T10:00:00.000Z");
        ExchangeRecord r = new ExchangeRecord(1, "x_1", ts, "acct_1", "key_1", "127.0.0.1", null,
                "openai.chat.completions", "m", false, request, null, null, null, 200, 3L, null);
        try (ExchangeLog log = ExchangeLog.open(dir, 16, 1L << 30, false, Duration.ofSeconds(5),
                Clock.fixed(ts, ZoneOffset.UTC))) {
            log.append(r);
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            List<String> lines = Files.readAllLines(log.currentFile(), StandardCharsets.UTF_8);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("\"request\":" + body + ",\"status\":200");
        }
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.toString().contains(".jsonl")).findFirst().orElseThrow();
        }
        try (JsonLinesReader<ExchangeRecord> reader = ContractFiles.readExchanges(file, OnMalformed.STOP)) {
            ExchangeRecord back = reader.next();
            assertThat(back.request()).isEqualTo(JSON.readTree(body));
        }
    }
}
