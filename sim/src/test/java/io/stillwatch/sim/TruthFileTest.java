package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthFileTest {
    @TempDir
    Path tmp;

    @Test
    void writeThenRead_roundTrips() throws IOException {
        Instant t = Instant.parse("2026-05-04T00:00:00Z");
        Truth truth = new Truth("s", 7, 0.5, t, t.plusSeconds(60), List.of(new Truth.Model("m", t)),
                List.of(new Truth.Population("hydra", "attack", false, "d", 1)), List.of(new Truth.Campaign("hydra-1", "hydra", 1)),
                List.of(new Truth.Account("acct_1", "attack", "hydra-1", "hydra"), new Truth.Account("acct_2", "benign", null,
                        "individual")));
        Path f = tmp.resolve("truth.json");
        TruthFile.write(truth, f);
        assertThat(TruthFile.read(f)).isEqualTo(truth);
    }

    @Test
    void read_badLabel_failsWithPathAndReason() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"accounts\":[{\"account\":\"a\",\"label\":\"evil\",\"campaign\":null,\"population\":\"x\"}]}");
        assertThatThrownBy(() -> TruthFile.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("label 'evil'");
    }
}
