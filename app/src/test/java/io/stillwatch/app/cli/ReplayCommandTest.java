package io.stillwatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.app.StillwatchCommand;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.codec.DetectionReportCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = StillwatchCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private static String exchange(String id, String account, String ts) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"ts\":\"" + ts + "\",\"account\":\"" + account + "\",\"key\":\"k1\","
                + "\"ip\":\"73.0.1.2\",\"api\":\"openai.chat.completions\",\"model\":\"m\",\"status\":200,"
                + "\"request\":{\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}}";
    }

    private Path write(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void call_malformedLine_stopsWithFileAndLine() throws Exception {
        Path accounts = write("accounts.jsonl",
                "{\"account\":\"a1\",\"created\":\"2026-06-01T00:00:00.000Z\"}");
        Path exchanges = write("exchanges.jsonl", exchange("x1", "a1", "2026-06-01T01:00:00.000Z"), "{not json",
                exchange("x3", "a1", "2026-06-01T01:02:00.000Z"));
        int code = run("replay", "--exchanges", exchanges.toString(), "--accounts", accounts.toString(), "--out",
                dir.resolve("r.json").toString());
        assertThat(code).isEqualTo(65);
        assertThat(err.toString()).contains("exchanges.jsonl:2").doesNotContain("Exception");
        assertThat(dir.resolve("r.json")).doesNotExist();
    }

    @Test
    void call_skipMalformedAndUnknownAccount_countsAndWritesReport() throws Exception {
        Path accounts = write("accounts.jsonl",
                "{\"account\":\"a1\",\"created\":\"2026-06-01T00:00:00.000Z\"}");
        Path exchanges = write("exchanges.jsonl", exchange("x1", "a1", "2026-06-01T01:00:00.000Z"), "{not json",
                exchange("x3", "ghost", "2026-06-01T01:02:00.000Z"),
                exchange("x4", "a1", "2026-06-01T00:59:00.000Z"));
        Path out = dir.resolve("r.json");
        int code = run("replay", "--exchanges", exchanges.toString(), "--accounts", accounts.toString(), "--out",
                out.toString(), "--skip-malformed");
        assertThat(code).isZero();
        DetectionReport report = DetectionReportCodec.read(out);
        assertThat(report.input().exchanges()).isEqualTo(3);
        assertThat(report.input().accounts()).isEqualTo(1);
        assertThat(report.flags()).isEmpty();
        assertThat(err.toString()).contains("1 unknown to the registry").contains("1 malformed lines skipped");
    }

    @Test
    void call_missingFile_clearError() {
        int code = run("replay", "--exchanges", dir.resolve("nope.jsonl").toString(), "--accounts",
                dir.resolve("nope2.jsonl").toString(), "--out", dir.resolve("r.json").toString());
        assertThat(code).isEqualTo(74);
        assertThat(err.toString()).contains("no such file");
    }
}
