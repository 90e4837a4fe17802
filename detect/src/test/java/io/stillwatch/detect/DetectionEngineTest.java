package io.stillwatch.detect;

import static io.stillwatch.detect.Traffic.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.Kyc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
    private static final String HARVEST = "You are a meticulous tutor.\nSolve the following problem.\n"
            + "Show every intermediate reasoning step explicitly.\nProblem: {}\nPut the final answer on its own line.";
    private static final String TOOL_PROMPT = "You are Patchwork, an expert engineer inside the user's repository. "
            + "Use the tools to view and edit files and run the tests.";

    private final List<AccountRecord> accounts = new ArrayList<>();
    private final List<ExchangeRecord> exchanges = new ArrayList<>();
    private final SplittableRandom rng = new SplittableRandom(42);

    /** A hydra cluster: {@code n} day-old accounts sharing one card, harvesting at ~25 a day each. */
    private List<String> campaign(int n, Instant created, String payment, double camouflage) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "c_" + payment + "_" + created.getEpochSecond() + "_" + i;
            ids.add(id);
            accounts.add(Traffic.account(id, created.plusSeconds(rng.nextInt(3600)), "u" + rng.nextInt(100000)
                    + "@mailbox.example", payment, "45.61." + rng.nextInt(256) + ".7", Kyc.NONE));
            for (int k = 0; k < 50; k++) {
                Instant ts = created.plus(Duration.ofHours(2)).plusSeconds(rng.nextInt(2 * 86_400));
                ObjectNode req = rng.nextDouble() < camouflage ? Traffic.chat(rng)
                        : Traffic.singleTurn(null, HARVEST, rng);
                exchanges.add(Traffic.exchange(id, ts, "73.0." + rng.nextInt(256) + ".9", req));
            }
        }
        return ids;
    }

    /**
     * A fleet of {@code groups} card groups of {@code perGroup} day-old harvesting accounts; every other account
     * signs up from one of the fleet's two hosting IPs, the rest from residential addresses of their own; its
     * traffic comes from its own network range.
     */
    private List<String> fleet(String name, int groups, int perGroup, String hostingPrefix, String trafficPrefix) {
        List<String> ids = new ArrayList<>();
        Instant created = T0.plus(Duration.ofDays(1));
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < perGroup; i++) {
                String id = name + "_" + g + "_" + i;
                ids.add(id);
                String signup = (g + i) % 2 == 0 ? hostingPrefix + (g % 2) : "81." + rng.nextInt(256) + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(250));
                accounts.add(Traffic.account(id, created.plusSeconds(rng.nextInt(3600)), name + g + "x" + i + "@mail" + g + i + ".example",
                        "pm_" + name + "_" + g, signup, Kyc.NONE));
                for (int k = 0; k < 50; k++) {
                    Instant ts = created.plus(Duration.ofHours(2)).plusSeconds(rng.nextInt(2 * 86_400));
                    exchanges.add(Traffic.exchange(id, ts, trafficPrefix + rng.nextInt(256) + ".9", Traffic.singleTurn(null, HARVEST, rng)));
                }
            }
        }
        return ids;
    }

    private static final String FLEET_TASK = "Implement the following function in Python.\nKeep it efficient.\n"
            + "Function: {}\nReturn only the code with its unit tests.";
    private static final String FLEET_SYSTEM = "You are Forge, a senior software engineer working for the team.\n"
            + "Answer with complete, production quality code and explain each change.";

    /**
     * A hydra fleet as the June 2026 report describes it: {@code n} accounts created within an hour, cards shared by
     * eight, traffic from one hosting range, each sending at most {@code perAccount} exchanges over two days: 35%
     * harvesting-like (single-turn templated tasks), 40% agent-loop steps under the fleet's own system prompt
     * (multi-turn: no harvesting-like exchange by itself), 25% ordinary chat as camouflage.
     */
    private List<String> agentFleet(int n, int perAccount) {
        List<String> ids = new ArrayList<>();
        Instant created = T0.minus(Duration.ofDays(2));
        for (int i = 0; i < n; i++) {
            String id = "forge_" + i;
            ids.add(id);
            accounts.add(Traffic.account(id, created.plusSeconds(rng.nextInt(3600)), "f" + i + "@inbox" + i + ".example",
                    "pm_forge_" + i / 8, "81." + rng.nextInt(256) + "." + rng.nextInt(256) + ".4", Kyc.NONE));
            for (int k = 0; k < perAccount; k++) {
                double r = rng.nextDouble();
                ObjectNode req = r < 0.35 ? Traffic.singleTurn(FLEET_SYSTEM, FLEET_TASK, rng)
                        : r < 0.75 ? Traffic.agentStep(FLEET_SYSTEM, rng) : Traffic.chat(rng);
                exchanges.add(Traffic.exchange(id, T0.plusSeconds(rng.nextInt(2 * 86_400)), "185.193.7." + rng.nextInt(40),
                        req));
            }
        }
        return ids;
    }

    /** Long-standing independent customers of a popular tool: same system prompt and tools, own everything else. */
    private List<String> toolUsers(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "oss_" + i;
            ids.add(id);
            Instant created = T0.minus(Duration.ofDays(30 + rng.nextInt(700)));
            accounts.add(Traffic.account(id, created, "dev" + i + "@gmail.com", "pm_oss_" + i,
                    "98.2." + rng.nextInt(256) + "." + rng.nextInt(256), i % 3 == 0 ? Kyc.VERIFIED : Kyc.BASIC));
            for (int k = 0; k < 20; k++) {
                ObjectNode req = Traffic.singleTurn(TOOL_PROMPT, "Fix the failing test in {}", rng);
                req.putArray("tools").addObject().put("name", "edit").putObject("input_schema")
                        .putObject("properties").putObject("path");
                exchanges.add(Traffic.exchange(id, T0.plusSeconds(rng.nextInt(3 * 86_400)),
                        "98.2." + rng.nextInt(256) + ".1", req));
            }
        }
        return ids;
    }

    private List<String> individuals(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "ind_" + i;
            ids.add(id);
            accounts.add(Traffic.account(id, T0.minus(Duration.ofDays(rng.nextInt(400))), "p" + i + "@gmail.com",
                    "pm_ind_" + i, "24.4." + rng.nextInt(256) + ".3", Kyc.BASIC));
            for (int k = 0; k < 10; k++) {
                exchanges.add(Traffic.exchange(id, T0.plusSeconds(rng.nextInt(3 * 86_400)),
                        "24.4." + rng.nextInt(256) + ".3", Traffic.chat(rng)));
            }
        }
        return ids;
    }

    private record Run(DetectionReport report, List<FlagEvent> events) {
        Set<String> flagged() {
            return report.flags().stream().map(DetectionReport.Flag::account).collect(Collectors.toSet());
        }
    }

    private Run run(DetectionConfig config) {
        List<FlagEvent> events = new ArrayList<>();
        DetectionEngine engine = new DetectionEngine(config, events::add);
        Replay replay = new Replay(engine, accounts, Duration.ofMinutes(5));
        exchanges.sort(Comparator.comparing(ExchangeRecord::ts));
        exchanges.forEach(replay::exchange);
        replay.finish();
        return new Run(engine.report(new DetectionReport.Input(exchanges.size(), accounts.size())), events);
    }

    @Test
    void report_hydraSharingOneCard_everyAccountFlaggedInOneCampaign() {
        List<String> hydra = campaign(40, T0.plus(Duration.ofDays(1)), "pm_9f", 0);
        List<String> benign = individuals(150);
        Run run = run(DetectionConfig.defaults());
        assertThat(run.flagged()).containsAll(hydra).doesNotContainAnyElementsOf(benign);
        assertThat(run.report().campaigns()).hasSize(1);
        DetectionReport.Campaign c = run.report().campaigns().get(0);
        assertThat(c.accounts()).containsExactlyInAnyOrderElementsOf(hydra);
        assertThat(c.focus()).contains("reasoning");
        assertThat(c.evidence()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("shared_payment");
            assertThat(e.value()).isEqualTo("pm_9f");
            assertThat(e.accounts()).isEqualTo(40);
        });
        assertThat(run.report().flags().get(0).reasons()).anySatisfy(r -> assertThat(r).contains("payment fingerprint"));
    }

    @Test
    void report_fleetOfCardGroupsSigningUpFromItsOwnHostingIps_oneCampaignPerFleet() {
        List<String> first = fleet("alpha", 12, 5, "45.61.17.", "73.0.");
        List<String> second = fleet("beta", 12, 5, "193.106.9.", "88.9.");
        List<String> benign = individuals(150);
        Run run = run(DetectionConfig.defaults());
        Set<String> flagged = run.flagged();
        assertThat(flagged).doesNotContainAnyElementsOf(benign);
        List<String> firstFlagged = first.stream().filter(flagged::contains).toList();
        List<String> secondFlagged = second.stream().filter(flagged::contains).toList();
        assertThat(firstFlagged.size()).isGreaterThanOrEqualTo(57);
        assertThat(secondFlagged.size()).isGreaterThanOrEqualTo(57);
        // twelve card groups each, joined through the fleet's own sign-up IPs; the two fleets stay apart
        assertThat(run.report().campaigns()).hasSize(2);
        assertThat(run.report().campaigns()).anySatisfy(c -> {
            assertThat(c.accounts()).containsExactlyInAnyOrderElementsOf(firstFlagged);
            // what joined the card groups leads the evidence
            assertThat(c.evidence().get(0).kind()).isEqualTo("shared_signup_ip");
        });
        assertThat(run.report().campaigns())
                .anySatisfy(c -> assertThat(c.accounts()).containsExactlyInAnyOrderElementsOf(secondFlagged));
    }

    @Test
    void flags_fleetWhoseAgentLoopsUseItsOwnSystemPrompt_flaggedByItsFirstFewExchanges() {
        List<String> fleet = agentFleet(64, 40);
        List<String> benign = individuals(150);
        Run run = run(DetectionConfig.defaults());
        assertThat(run.flagged()).containsAll(fleet).doesNotContainAnyElementsOf(benign);
        // agent-loop steps under a prompt that only this burst of new, harvesting accounts uses are the fleet's
        // work: its accounts are flagged by their fifth exchange (median), not only once harvesting-like prompts
        // alone have outweighed the ordinary prior (their ninth or later)
        Map<String, Instant> at = run.events().stream().collect(Collectors.toMap(FlagEvent::account, FlagEvent::at));
        List<Long> nth = fleet.stream().map(a -> exchanges.stream()
                .filter(x -> x.account().equals(a) && !x.ts().isAfter(at.get(a))).count()).sorted().toList();
        assertThat(nth.get(nth.size() / 2)).isLessThanOrEqualTo(5);
    }

    @Test
    void flags_developersUsingTheFleetsSystemPrompt_notFlagged() {
        agentFleet(64, 40);
        // long-standing developers with cards and networks of their own who happen to use the same prompt
        List<String> developers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "dev_" + i;
            developers.add(id);
            accounts.add(Traffic.account(id, T0.minus(Duration.ofDays(60 + rng.nextInt(600))), "d" + i + "@gmail.com",
                    "pm_dev_" + i, "98.2." + rng.nextInt(256) + ".8", Kyc.BASIC));
            for (int k = 0; k < 30; k++) {
                exchanges.add(Traffic.exchange(id, T0.plusSeconds(rng.nextInt(2 * 86_400)), "98.2." + i + ".8",
                        rng.nextBoolean() ? Traffic.agentStep(FLEET_SYSTEM, rng) : Traffic.chat(rng)));
            }
        }
        assertThat(run(DetectionConfig.defaults()).flagged()).doesNotContainAnyElementsOf(developers);
    }

    @Test
    void report_popularToolTemplateAmongIndependentCustomers_noFlag() {
        List<String> users = toolUsers(300);
        Run run = run(DetectionConfig.defaults());
        assertThat(run.flagged()).doesNotContainAnyElementsOf(users);
    }

    @Test
    void report_hubSharedWithCampaign_doesNotGlueUnrelatedCustomers() {
        List<String> hydra = campaign(40, T0.plus(Duration.ofDays(1)), "pm_9f", 0);
        List<String> users = toolUsers(200);
        Run run = run(DetectionConfig.defaults());
        assertThat(run.flagged()).containsAll(hydra).doesNotContainAnyElementsOf(users);
        assertThat(run.report().campaigns()).singleElement()
                .satisfies(c -> assertThat(c.accounts()).containsExactlyInAnyOrderElementsOf(hydra));
    }

    @Test
    void report_campaignWithHalfBenignCamouflage_stillFlagged() {
        List<String> hydra = campaign(40, T0.plus(Duration.ofDays(1)), "pm_cam", 0.5);
        List<String> benign = individuals(100);
        Run run = run(DetectionConfig.defaults());
        assertThat(run.flagged()).containsAll(hydra).doesNotContainAnyElementsOf(benign);
    }

    @Test
    void report_householdSharingACard_noFlag() {
        for (int h = 0; h < 30; h++) {
            Instant created = T0.minus(Duration.ofDays(rng.nextInt(300)));
            for (int m = 0; m < 3; m++) {
                String id = "hh_" + h + "_" + m;
                accounts.add(Traffic.account(id, created.plus(Duration.ofDays(rng.nextInt(60))), id + "@gmail.com",
                        "pm_home_" + h, "24.4.9." + h, Kyc.BASIC));
                for (int k = 0; k < 10; k++) {
                    exchanges.add(Traffic.exchange(id, T0.plusSeconds(rng.nextInt(86_400)), "24.4.9." + h,
                            Traffic.chat(rng)));
                }
            }
        }
        assertThat(run(DetectionConfig.defaults()).flagged()).isEmpty();
    }

    @Test
    void flags_neverBeforeTheirEvidence_atIsAnExchangeTimeOfTheAccount() {
        campaign(30, T0.plus(Duration.ofDays(1)), "pm_9f", 0);
        Run run = run(DetectionConfig.defaults());
        Map<String, TreeMap<Instant, Integer>> times = new java.util.HashMap<>();
        for (ExchangeRecord x : exchanges) {
            times.computeIfAbsent(x.account(), a -> new TreeMap<>()).merge(x.ts(), 1, Integer::sum);
        }
        assertThat(run.events()).isNotEmpty();
        for (FlagEvent f : run.events()) {
            assertThat(times.get(f.account())).containsKey(f.at());
        }
        // the first flag needs other holders of the card: it comes after at least two accounts signed up
        Instant secondSignup = accounts.stream().map(AccountRecord::created).sorted().skip(1).findFirst().orElseThrow();
        assertThat(run.events().get(0).at()).isAfter(secondSignup);
    }

    @Test
    void onAccount_linkToAccountCreatedLater_existsOnlyFromThen() {
        Instant early = T0;
        Instant late = T0.plus(Duration.ofDays(5));
        List<String> later = campaign(20, late, "pm_shared", 0);
        accounts.add(Traffic.account("bridge", early, "solo.person@bridge-mail.example", "pm_shared", "203.0.113.9",
                Kyc.NONE));
        for (int k = 0; k < 200; k++) { // every hour for eight days, from its own network
            exchanges.add(Traffic.exchange("bridge", early.plus(Duration.ofHours(1 + k)), "198.51.100.7",
                    Traffic.singleTurn(null, HARVEST, rng)));
        }
        Run run = run(DetectionConfig.defaults());
        FlagEvent bridge = run.events().stream().filter(f -> f.account().equals("bridge")).findFirst().orElseThrow();
        // its card is shared only once the later accounts sign up: never flagged before that
        assertThat(bridge.at()).isAfter(late);
        assertThat(run.flagged()).containsAll(later);
    }

    @Test
    void explain_modelInUseWhenTheLogStarts_notNewlyReleased() {
        // registry sign-ups go back a year; the log starts at T0 with a model already in use, and a day later a
        // model appears that the log saw released
        accounts.add(Traffic.account("old", T0.minus(Duration.ofDays(365)), "old@example.org", "pm_old", "192.0.2.1",
                Kyc.BASIC));
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), f -> { });
        engine.onAccount(accounts.get(0));
        for (int k = 0; k < 10; k++) {
            engine.onExchange(Traffic.exchange("old", T0.plus(Duration.ofHours(k)), "192.0.2.1", Traffic.chat(rng)));
        }
        assertThat(engine.explain("old")).contains("newmodel=0.00");
        ExchangeRecord released = Traffic.exchange("old", T0.plus(Duration.ofDays(2)), "192.0.2.1", Traffic.chat(rng));
        engine.onExchange(new ExchangeRecord(released.v(), released.id(), released.ts(), released.account(),
                released.key(), released.ip(), released.ua(), released.api(), "model-b", released.stream(),
                released.request(), released.fingerprint(), released.response(), released.usage(), released.status(),
                released.latencyMs(), released.action()));
        assertThat(engine.explain("old")).doesNotContain("newmodel=0.00");
    }
}
