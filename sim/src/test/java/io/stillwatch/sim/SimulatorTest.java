package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Apis;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
    private static final double SCALE = 0.06;

    @TempDir
    static Path tmp;
    static Path dir;
    static Truth truth;
    static Map<String, AccountRecord> registry = new HashMap<>();
    static List<ExchangeRecord> log = new ArrayList<>();
    static Map<String, String> population = new HashMap<>();

    @BeforeAll
    static void simulateOnce() throws Exception {
        dir = tmp.resolve("a");
        new Simulator(Scenarios.byName("mixed-small"), 42, SCALE, 1).run(dir, null);
        truth = TruthFile.read(dir.resolve("truth.json"));
        for (Truth.Account a : truth.accounts()) {
            population.put(a.account(), a.population());
        }
        try (JsonLinesReader<AccountRecord> r = ContractFiles.readAccounts(dir.resolve("accounts.jsonl"), OnMalformed.STOP)) {
            AccountRecord a;
            while ((a = r.next()) != null) {
                registry.put(a.account(), a);
            }
        }
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(dir.resolve("exchanges.jsonl.gz"), OnMalformed.STOP)) {
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                log.add(x);
            }
        }
    }

    @Test
    void run_sameSeedAndScale_writesSameBytes() throws Exception {
        Path again = tmp.resolve("b");
        new Simulator(Scenarios.byName("mixed-small"), 42, SCALE, 1).run(again, null);
        for (String f : List.of("accounts.jsonl", "exchanges.jsonl.gz", "truth.json")) {
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve(f)));
        }
    }

    @Test
    void run_otherSeed_writesOtherTraffic() throws Exception {
        Path other = tmp.resolve("c");
        new Simulator(Scenarios.byName("mixed-small"), 43, SCALE, 1).run(other, null);
        assertThat(Files.readAllBytes(other.resolve("exchanges.jsonl.gz")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("exchanges.jsonl.gz")));
    }

    @Test
    void run_everyLine_readsBackUnderTheContract() {
        assertThat(log).hasSizeGreaterThan(10_000);
        Set<String> ids = new HashSet<>();
        for (ExchangeRecord x : log) {
            assertThat(ids.add(x.id())).as("unique id %s", x.id()).isTrue();
            AccountRecord a = registry.get(x.account());
            assertThat(a).as("account %s in the registry", x.account()).isNotNull();
            assertThat(x.ts()).isAfterOrEqualTo(a.created());
            assertThat(x.api()).isIn(Apis.OPENAI_CHAT_COMPLETIONS, Apis.ANTHROPIC_MESSAGES);
            assertThat(x.key()).startsWith("key_");
            JsonNode req = x.request();
            assertThat(req.path("model").asText()).isEqualTo(x.model());
            assertThat(req.path("messages").size()).isPositive();
            if (x.api().equals(Apis.ANTHROPIC_MESSAGES)) {
                assertThat(req.path("max_tokens").asInt()).isPositive();
                assertThat(req.path("messages").get(0).path("role").asText()).isEqualTo("user");
            }
            assertThat(x.status() == 200 ? x.usageOrNone().outputOrZero() : 0).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void run_requests_useBothApisToolsThinkingAndStreaming() {
        long anthropic = log.stream().filter(x -> x.api().equals(Apis.ANTHROPIC_MESSAGES)).count();
        long tools = log.stream().filter(x -> x.request().has("tools")).count();
        long thinking = log.stream().filter(x -> x.request().has("thinking") || x.request().has("reasoning_effort")).count();
        long streamed = log.stream().filter(ExchangeRecord::stream).count();
        long multiTurn = log.stream().filter(x -> x.request().path("messages").size() > 2).count();
        assertThat(anthropic).isBetween(log.size() / 10L, log.size() * 9L / 10);
        assertThat(tools).isPositive();
        assertThat(thinking).isPositive();
        assertThat(streamed).isPositive();
        assertThat(multiTurn).isPositive();
    }

    @Test
    void run_lines_areInCompletionOrderWithBoundedDisorder() {
        Instant maxTs = Instant.MIN;
        long lastDone = Long.MIN_VALUE;
        Duration maxLag = Duration.ZERO;
        for (ExchangeRecord x : log) {
            long done = x.ts().toEpochMilli() + x.latencyMs();
            assertThat(done).isGreaterThanOrEqualTo(lastDone);
            lastDone = done;
            if (x.ts().isBefore(maxTs)) {
                Duration lag = Duration.between(x.ts(), maxTs);
                maxLag = lag.compareTo(maxLag) > 0 ? lag : maxLag;
            }
            maxTs = x.ts().isAfter(maxTs) ? x.ts() : maxTs;
        }
        assertThat(maxLag).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void run_truth_coversEveryAccountWithConsistentLabels() {
        assertThat(truth.accounts()).hasSize(registry.size());
        for (Truth.Account a : truth.accounts()) {
            assertThat(registry).containsKey(a.account());
            PopulationKind kind = PopulationKind.fromWire(a.population());
            assertThat(a.attack()).isEqualTo(kind.attack());
            assertThat(a.campaign() != null).isEqualTo(kind.attack());
        }
        assertThat(truth.campaigns()).extracting(Truth.Campaign::kind)
                .containsExactly("hydra", "reasoning_harvest", "release_chaser", "reseller_distill", "stealth");
        assertThat(truth.models()).extracting(Truth.Model::released).anyMatch(t -> t.isAfter(truth.start()));
    }

    @Test
    void run_populationSizes_followTheScenarioTimesScale() {
        Map<String, Long> counts = new HashMap<>();
        truth.accounts().forEach(a -> counts.merge(a.population(), 1L, Long::sum));
        for (Scenario.Part part : Scenarios.byName("mixed-small").parts()) {
            long expected = Math.max(1, Math.round(part.accounts() * SCALE));
            if (part.kind() == PopulationKind.RESELLER_DISTILL) {
                assertThat(counts.get("reseller_customer")).isEqualTo(Math.max(1, Math.round(expected * 0.6)));
            }
            assertThat(counts.get(part.kind().wire())).as(part.kind().wire()).isEqualTo(expected);
        }
    }

    @Test
    void run_hydraAccounts_sendTwentyToThirtyADay() {
        Map<String, Set<String>> days = new HashMap<>();
        Map<String, Long> n = new HashMap<>();
        for (ExchangeRecord x : log) {
            if (population.get(x.account()).equals("hydra")) {
                days.computeIfAbsent(x.account(), k -> new HashSet<>()).add(x.ts().toString().substring(0, 10));
                n.merge(x.account(), 1L, Long::sum);
            }
        }
        List<Double> perDay = new ArrayList<>();
        n.forEach((a, c) -> perDay.add((double) c / days.get(a).size()));
        perDay.sort(null);
        assertThat(perDay.get(perDay.size() / 2)).isBetween(15.0, 32.0);
    }

    @Test
    void run_releaseChaser_movesAboutHalfToTheNewModelWithinADay() {
        Instant release = truth.models().stream().filter(m -> m.released().isAfter(truth.start())).findFirst()
                .orElseThrow().released();
        long after = 0, onNew = 0;
        for (ExchangeRecord x : log) {
            if (population.get(x.account()).equals("release_chaser") && x.ts().isAfter(release.plus(Duration.ofDays(1)))) {
                after++;
                if (x.model().equals(Models.NEW_ANTHROPIC) || x.model().equals(Models.NEW_OPENAI)) {
                    onNew++;
                }
            }
        }
        assertThat((double) onNew / after).isBetween(0.35, 0.65);
        assertThat(log.stream().filter(x -> x.ts().isBefore(release))
                .noneMatch(x -> x.model().equals(Models.NEW_ANTHROPIC) || x.model().equals(Models.NEW_OPENAI))).isTrue();
    }

    @Test
    void run_hardNegatives_lookSuspiciousPerAccount() {
        // CI loop: one prompt repeated; classroom: one /24; team: one card
        Map<String, Set<String>> ciPrompts = new HashMap<>();
        Set<String> classroomNets = new HashSet<>();
        for (ExchangeRecord x : log) {
            String p = population.get(x.account());
            if (p.equals("ci_loop")) {
                ciPrompts.computeIfAbsent(x.account(), k -> new HashSet<>()).add(x.request().path("messages").toString());
            }
        }
        ciPrompts.values().forEach(s -> assertThat(s).hasSize(1));
        Set<String> teamCards = new HashSet<>();
        for (AccountRecord a : registry.values()) {
            String p = population.get(a.account());
            if (p.equals("classroom")) {
                classroomNets.add(a.signupIp().substring(0, a.signupIp().lastIndexOf('.')));
            } else if (p.equals("company_team")) {
                teamCards.add(a.payment());
            }
        }
        assertThat(classroomNets).hasSize(1);
        assertThat(teamCards).hasSize(1);
    }

    @Test
    void new_badScale_failsNamingTheValue() {
        assertThatThrownBy(() -> new Simulator(Scenarios.byName("hydra"), 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale: 0.0");
        assertThatThrownBy(() -> Scenarios.byName("nope")).hasMessageContaining("mixed-small");
    }
}
