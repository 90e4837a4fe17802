package io.stillwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.ContractSamples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        var cl = StillwatchCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void version_printsProductAndVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("stillwatch 0.");
    }

    @Test
    void help_listsCheckCommand() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: stillwatch").contains("check");
    }

    @Test
    void unknownOption_isUsageErrorOnStderr() {
        Run r = run("check", "--nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--nope'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void check_validFiles_summaryOnStdout() throws Exception {
        Path x = dir.resolve("x.jsonl.gz");
        try (var w = ContractFiles.writeExchanges(x)) {
            for (int i = 0; i < 100; i++) {
                w.write(ContractSamples.exchange(i));
            }
        }
        Run r = run("check", "--exchanges", x.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("100 valid, 0 malformed").contains("openai.chat.completions=50");
    }

    @Test
    void check_malformedLine_namesFileAndLine_noStackTrace() throws Exception {
        Path x = dir.resolve("x.jsonl");
        Files.writeString(x, "{\"v\":1}\n");
        Run r = run("check", "--exchanges", x.toString());
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err()).contains(x + ":1: required field 'id' is missing").doesNotContain("\tat ");
    }

    @Test
    void check_skipMalformed_countsAndExitsNonZero() throws Exception {
        Path x = dir.resolve("x.jsonl");
        try (var w = ContractFiles.writeExchanges(x)) {
            w.write(ContractSamples.exchange(1));
        }
        Files.writeString(x, Files.readString(x) + "not json\n");
        Run r = run("check", "--exchanges", x.toString(), "--skip-malformed");
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.out()).contains("1 valid, 1 malformed");
        assertThat(r.err()).contains(":2: bad JSON");
    }

    @Test
    void check_missingFile_clearError() {
        Run r = run("check", "--accounts", dir.resolve("nope.jsonl").toString());
        assertThat(r.code()).isEqualTo(74);
        assertThat(r.err()).contains("no such file").contains("nope.jsonl");
    }
}
