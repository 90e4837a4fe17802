package io.stillwatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.app.StillwatchCommand;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.codec.DetectionReportCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * simulate → replay → evaluate on a small mixed scenario (every campaign kind and every hard negative, at a
 * tenth of its scale). Small groups make linkage weaker than at full scale, so the bars here are below the
 * issue's targets, which docs/detection.md measures at full scale.
 */
class ReplayEndToEndTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = StillwatchCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute(args)).as("exit code of %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void replay_smallMixedScenario_findsCampaignsWithoutFlaggingHardNegatives() throws Exception {
        Path data = dir.resolve("mixed");
        run("simulate", "--scenario", "mixed-small", "--seed", "5", "--scale", "0.1", "--out", data.toString());
        Path report = dir.resolve("report.json");
        run("replay", "--exchanges", data.resolve("exchanges.jsonl.gz").toString(), "--accounts",
                data.resolve("accounts.jsonl").toString(), "--out", report.toString());
        JsonNode eval = new ObjectMapper().readTree(run("evaluate", "--truth", data.resolve("truth.json").toString(),
                "--exchanges", data.resolve("exchanges.jsonl.gz").toString(), "--report", report.toString(), "--json"));
        assertThat(eval.path("overall").path("precision").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(eval.path("overall").path("recall").asDouble()).isGreaterThanOrEqualTo(0.75);
        for (JsonNode p : eval.path("populations")) {
            if (p.path("hard_negative").asBoolean() && !p.path("kind").asText().startsWith("reseller")) {
                assertThat(p.path("flagged").asInt()).as("flagged in %s", p.path("kind").asText()).isZero();
            }
        }
        DetectionReport r = DetectionReportCodec.read(report);
        assertThat(r.campaigns()).isNotEmpty();
        for (DetectionReport.Flag f : r.flags()) {
            assertThat(f.reasons()).isNotEmpty();
            assertThat(f.at()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        }
        assertThat(r.campaigns().get(0).evidence()).isNotEmpty();
    }
}
