package io.stillwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.codec.DetectionReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demo_smallScale_runsGatewayTourAndScoresAllThreeReports() throws Exception {
        MainTest.Run r = MainTest.run("demo", "--out", dir.toString(), "--scale", "0.05", "--seed", "3");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("OpenAI chat completion +200")
                .containsPattern("OpenAI chat completion, streamed +200")
                .containsPattern("Anthropic message +200")
                .containsPattern("unknown key +401 .*authentication_error")
                .containsPattern("malformed JSON body +400")
                .contains("=== stillwatch", "=== baseline rate", "=== baseline focus")
                .contains("accounts: precision");
        assertThat(r.out()).doesNotContain("sw-k"); // the demo key's secret is never printed
        for (String report : new String[] {"report.json", "baseline-rate.json", "baseline-focus.json"}) {
            assertThat(DetectionReportCodec.read(dir.resolve(report)).input().exchanges()).isPositive();
        }
        assertThat(Files.readString(dir.resolve("scores-stillwatch.txt"))).contains("precision");
    }
}
