package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.sim.Scenario.Part;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A part's volume factor, which june-2026 uses to reach the report's 28.8M exchanges. */
class ScenarioVolumeTest {
    private static final Instant START = Instant.parse("2026-05-04T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void volume_doublesHydraTraffic() throws Exception {
        long usual = hydraExchanges(1.0, "usual");
        long doubled = hydraExchanges(2.0, "doubled");
        assertThat(usual).isGreaterThan(500);
        assertThat((double) doubled / usual).isBetween(1.8, 2.2);
    }

    @Test
    void june2026_reachesTheReportsExchangesPerAccount() throws Exception {
        Part hydra = Scenarios.byName("june-2026").parts().stream()
                .filter(p -> p.kind() == PopulationKind.HYDRA).findFirst().orElseThrow();
        assertThat(hydra.accounts()).isEqualTo(25_000);
        assertThat(hydra.volume()).isGreaterThan(1.0);
    }

    @Test
    void volume_onAnotherKind_isRefusedNamingIt() {
        Scenario s = new Scenario("t", "t", START, 3, 1.0, List.of(new Part(PopulationKind.DEVELOPER, 3, 2.0)));
        assertThatThrownBy(() -> new Simulator(s, 1, 1.0, 1).run(tmp.resolve("x"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("developer");
    }

    @Test
    void volume_notPositive_isRefused() {
        assertThatThrownBy(() -> new Part(PopulationKind.HYDRA, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volume: 0.0");
    }

    private long hydraExchanges(double volume, String dir) throws Exception {
        Scenario s = new Scenario("t", "t", START, 3, 1.0, List.of(new Part(PopulationKind.HYDRA, 20, volume)));
        return new Simulator(s, 7, 1.0, 1).run(tmp.resolve(dir), null).exchangesByPopulation().get("hydra");
    }
}
