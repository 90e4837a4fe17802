package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedLineTest {
    @TempDir
    Path dir;

    private static final String GOOD = "{\"v\":1,\"id\":\"e\",\"ts\":\"2026-04-22T10:00:00.000Z\",\"account\":\"a\","
            + "\"key\":\"k\",\"ip\":\"10.0.0.1\",\"api\":\"openai.chat.completions\",\"model\":\"m\","
            + "\"request\":{\"messages\":[]},\"status\":200}";

    static List<Arguments> badLines() {
        return List.of(
                Arguments.of("bad JSON", "{\"v\":1,", "bad JSON"),
                Arguments.of("not an object", "[1,2]", "expected a JSON object, got an array"),
                Arguments.of("missing id", GOOD.replace("\"id\":\"e\",", ""), "required field 'id' is missing"),
                Arguments.of("missing status", GOOD.replace(",\"status\":200", ""), "required field 'status' is missing"),
                Arguments.of("bad time", GOOD.replace("2026-04-22T10:00:00.000Z", "yesterday"),
                        "field 'ts': 'yesterday' is not an RFC 3339 time"),
                Arguments.of("wrong type", GOOD.replace("\"status\":200", "\"status\":\"200\""),
                        "field 'status': expected an integer, got a string"),
                Arguments.of("wrong nested type", GOOD.replace("\"status\":200", "\"status\":200,\"usage\":{\"input_tokens\":1.5}"),
                        "field 'usage.input_tokens': expected an integer, got a fractional number"),
                Arguments.of("neither request nor fingerprint", GOOD.replace("\"request\":{\"messages\":[]},", ""),
                        "neither 'request' nor 'fingerprint'"),
                Arguments.of("unknown action", GOOD.replace("\"status\":200", "\"status\":200,\"action\":\"smite\""),
                        "unknown action 'smite'"),
                Arguments.of("wrong version", GOOD.replace("\"v\":1", "\"v\":2"), "field 'v': 2 (expected 1)"),
                Arguments.of("blank line", "   ", "blank line"),
                Arguments.of("trailing garbage", GOOD + " {}", "unexpected content after the JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void stop_reportsFileLineAndProblem(String kind, String bad, String expected) throws Exception {
        Path f = write(GOOD + "\n" + GOOD + "\n" + bad + "\n" + GOOD + "\n");
        try (var r = ContractFiles.readExchanges(f, OnMalformed.STOP)) {
            assertThat(r.next()).isNotNull();
            assertThat(r.next()).isNotNull();
            assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(MalformedLineException.class, e -> {
                        assertThat(e.line()).isEqualTo(3);
                        assertThat(e.source()).isEqualTo(f.toString());
                        assertThat(e.problem()).contains(expected);
                        assertThat(e.getMessage()).startsWith(f + ":3: ");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void skip_countsLineAndContinues(String kind, String bad, String expected) throws Exception {
        Path f = write(GOOD + "\n" + bad + "\n" + GOOD + "\n");
        List<MalformedLineException> seen = new ArrayList<>();
        try (var r = ContractFiles.readExchanges(f, OnMalformed.SKIP)) {
            r.onSkip(seen::add);
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(2);
            assertThat(r.skipped()).isEqualTo(1);
            assertThat(r.skippedSamples()).hasSize(1);
            assertThat(seen).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.problem()).contains(expected);
            });
        }
    }

    @Test
    void invalidUtf8_isMalformedWithLineNumber() throws Exception {
        byte[] good = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = GOOD.replace("\"m\"", "\"m\u0001\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bad.length; i++) {
            if (bad[i] == 1) {
                bad[i] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(good);
        out.write(bad);
        out.write('\n');
        Path f = dir.resolve("utf8.jsonl");
        Files.write(f, out.toByteArray());
        try (var r = ContractFiles.readExchanges(f, OnMalformed.STOP)) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOfSatisfying(MalformedLineException.class, e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.problem()).containsIgnoringCase("UTF-8");
            });
        }
    }

    @Test
    void overlongLine_isSkippedWithBoundedBuffer() throws Exception {
        String huge = GOOD.replace("\"messages\":[]", "\"messages\":[],\"pad\":\"" + "x".repeat(300_000) + "\"");
        Path f = write(GOOD + "\n" + huge + "\n" + GOOD + "\n");
        try (var r = JsonLinesReader.open(f, ExchangeLogCodec.INSTANCE, OnMalformed.SKIP, 100_000)) {
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(2);
            assertThat(r.skippedSamples()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.problem()).contains("longer than 100000 bytes");
            });
        }
    }

    @Test
    void truncatedGzip_failsNamingFileAndLastGoodLine() throws Exception {
        Path f = dir.resolve("t.jsonl.gz");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(buf)) {
            for (int i = 0; i < 2000; i++) {
                gz.write((GOOD.replace("\"id\":\"e\"", "\"id\":\"e" + i + "\"") + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] all = buf.toByteArray();
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        try (var r = ContractFiles.readExchanges(f, OnMalformed.SKIP)) {
            assertThatThrownBy(() -> {
                while (r.next() != null) {
                    // read until the stream breaks
                }
            }).isInstanceOf(IOException.class).hasMessageStartingWith(f + ": read failed after line ");
        }
    }

    @Test
    void accountRegistry_badKycAndNationality_reported() throws Exception {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, "{\"account\":\"a\",\"created\":\"2026-01-01T00:00:00Z\",\"kyc\":\"maybe\"}\n"
                + "{\"account\":\"b\",\"created\":\"2026-01-01T00:00:00Z\",\"nationality\":\"DE\"}\n"
                + "{\"created\":\"2026-01-01T00:00:00Z\"}\n");
        List<String> problems = new ArrayList<>();
        try (var r = ContractFiles.readAccounts(f, OnMalformed.SKIP)) {
            r.onSkip(e -> problems.add(e.line() + ": " + e.problem()));
            assertThat(r.next()).isNull();
        }
        assertThat(problems).containsExactly(
                "1: field 'kyc': unknown kyc 'maybe' (expected one of none, basic, verified)",
                "2: field 'nationality': expected an array of strings, got a string",
                "3: required field 'account' is missing");
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("in.jsonl");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void goodLine_isValid() throws Exception {
        Path f = write(GOOD + "\n");
        try (var r = ContractFiles.readExchanges(f, OnMalformed.STOP)) {
            ExchangeRecord x = r.next();
            assertThat(x.id()).isEqualTo("e");
            assertThat(r.next()).isNull();
        }
    }
}
