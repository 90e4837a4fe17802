package io.stillwatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.app.StillwatchCommand;
import io.stillwatch.model.codec.DetectionReportCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** simulate, baseline and evaluate end to end on a tiny scenario, through the real command line. */
class SimCommandsTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = StillwatchCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void simulateList_printsTheCatalogue() {
        Run r = run("simulate", "--list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("hydra", "reasoning", "release", "reseller", "stealth", "mixed-small", "mixed-large",
                "june-2026");
    }

    @Test
    void simulate_unknownScenario_isAUsageError() {
        Run r = run("simulate", "--scenario", "nope", "--out", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("scenario: 'nope'").doesNotContain("Exception");
    }

    @Test
    void simulateBaselineEvaluate_endToEnd() throws Exception {
        Path d = tmp.resolve("s");
        assertThat(run("simulate", "--scenario", "stealth", "--seed", "3", "--scale", "0.02", "--out", d.toString()).code())
                .isZero();
        assertThat(d.resolve("truth.json")).exists();
        Run b = run("baseline", "--kind", "rate", "--exchanges", d.resolve("exchanges.jsonl.gz").toString(), "--accounts",
                d.resolve("accounts.jsonl").toString(), "--out", d.resolve("rate.json").toString());
        assertThat(b.code()).isZero();
        assertThat(DetectionReportCodec.read(d.resolve("rate.json")).input().exchanges()).isPositive();
        Run e = run("evaluate", "--truth", d.resolve("truth.json").toString(), "--exchanges",
                d.resolve("exchanges.jsonl.gz").toString(), "--report", d.resolve("rate.json").toString(), "--json");
        assertThat(e.code()).isZero();
        assertThat(e.out()).contains("\"campaigns\"", "stealth-1", "\"hard_negatives_flagged\"");
        Files.writeString(d.resolve("bad.json"), "{\"v\":1}");
        Run bad = run("evaluate", "--truth", d.resolve("truth.json").toString(), "--exchanges",
                d.resolve("exchanges.jsonl.gz").toString(), "--report", d.resolve("bad.json").toString());
        assertThat(bad.code()).isEqualTo(74);
        assertThat(bad.err()).contains("not a detection report");
    }
}
