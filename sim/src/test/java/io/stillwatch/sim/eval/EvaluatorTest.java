package io.stillwatch.sim.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.DetectionReport.Campaign;
import io.stillwatch.model.DetectionReport.Flag;
import io.stillwatch.sim.Truth;
import io.stillwatch.sim.eval.Evaluation.CampaignScore;
import io.stillwatch.sim.eval.Evaluation.PopulationScore;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made truth, log and reports whose scores are worked out by hand in the comments. */
class EvaluatorTest {
    private static final Instant T0 = Instant.parse("2026-05-04T00:00:00Z");

    // 4 attack accounts in campaign hx (a1..a4), 1 in campaign st (s1); 6 benign: 3 individual, 3 ci_loop (hard negative)
    private static final Truth TRUTH = new Truth("hand", 1, 1.0, T0, T0.plusSeconds(86_400), List.of(),
            List.of(new Truth.Population("individual", "benign", false, "", 3),
                    new Truth.Population("ci_loop", "benign", true, "", 3),
                    new Truth.Population("hydra", "attack", false, "", 4),
                    new Truth.Population("stealth", "attack", false, "", 1)),
            List.of(new Truth.Campaign("hx", "hydra", 4), new Truth.Campaign("st", "stealth", 1)),
            List.of(acct("a1", "hx", "hydra"), acct("a2", "hx", "hydra"), acct("a3", "hx", "hydra"), acct("a4", "hx", "hydra"),
                    acct("s1", "st", "stealth"), acct("b1", null, "individual"), acct("b2", null, "individual"),
                    acct("b3", null, "individual"), acct("c1", null, "ci_loop"), acct("c2", null, "ci_loop"),
                    acct("c3", null, "ci_loop")));

    private static Truth.Account acct(String id, String campaign, String population) {
        return new Truth.Account(id, campaign == null ? "benign" : "attack", campaign, population);
    }

    private static Instant minutes(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    /** a1..a4 each send 10 exchanges at minutes 0..9 (a4 at 100..109); s1 sends 4; b1 sends 2. */
    private static final ExchangeSource LOG = sink -> {
        for (String a : List.of("a1", "a2", "a3")) {
            for (int m = 0; m < 10; m++) {
                sink.accept(a, minutes(m).toEpochMilli());
            }
        }
        for (int m = 100; m < 110; m++) {
            sink.accept("a4", minutes(m).toEpochMilli());
        }
        for (int m = 0; m < 4; m++) {
            sink.accept("s1", minutes(m).toEpochMilli());
        }
        sink.accept("b1", minutes(1).toEpochMilli());
        sink.accept("b1", minutes(2).toEpochMilli());
    };

    private static Flag flag(String account, int minute, String campaign) {
        return new Flag(account, minutes(minute), campaign, 0.9, List.of());
    }

    @Test
    void evaluate_knownReport_givesHandComputedScores() throws Exception {
        // flags: a1 at 5, a2 at 0, a4 at 200 (after all its traffic), b1 and c1 (false positives), unknown zz
        DetectionReport report = new DetectionReport(1, new DetectionReport.Input(44, 11),
                List.of(flag("a1", 5, "r1"), flag("a2", 0, "r1"), flag("a4", 200, "r1"), flag("b1", 3, "r1"),
                        flag("c1", 3, "r2"), flag("zz", 1, null)),
                List.of(new Campaign("r1", List.of("a1", "a2", "a4", "b1"), null, null, 0, List.of(), List.of()),
                        new Campaign("r2", List.of("c1"), null, null, 0, List.of(), List.of())));
        Evaluation e = Evaluator.evaluate(TRUTH, report, LOG);

        // tp = a1 a2 a4 = 3; fp = b1 c1 = 2; fn = a3 s1 = 2; tn = b2 b3 c2 c3 = 4
        assertThat(e.overall().tp()).isEqualTo(3);
        assertThat(e.overall().fp()).isEqualTo(2);
        assertThat(e.overall().fn()).isEqualTo(2);
        assertThat(e.overall().tn()).isEqualTo(4);
        assertThat(e.overall().precision()).isCloseTo(3 / 5.0, within(1e-12));
        assertThat(e.overall().recall()).isCloseTo(3 / 5.0, within(1e-12));
        assertThat(e.overall().f1()).isCloseTo(0.6, within(1e-12));
        assertThat(e.unknownFlags()).isEqualTo(1);
        assertThat(e.exchanges()).isEqualTo(46);

        PopulationScore ci = e.populations().stream().filter(p -> p.kind().equals("ci_loop")).findFirst().orElseThrow();
        assertThat(ci.hardNegative()).isTrue();
        assertThat(ci.flaggedShare()).isCloseTo(1 / 3.0, within(1e-12));

        CampaignScore hx = e.campaigns().get(0);
        assertThat(hx.id()).isEqualTo("hx");
        assertThat(hx.recall()).isEqualTo(0.75);
        assertThat(hx.exchanges()).isEqualTo(40);
        // before flag: a1 5 (minutes 0..4), a2 0, a3 10 (never flagged), a4 10 (flagged after) -> 25 of 40
        assertThat(hx.leakedShare()).isCloseTo(25 / 40.0, within(1e-12));
        // share of the campaign's 40 exchanges before each account's flag: a2 (minute 0) 0/40,
        // a1 (minute 5) 15/40 (a1..a3 at minutes 0..4), a3 never 40/40, a4 (minute 200) 40/40
        // -> sorted 0, 0.375, 1, 1: nearest-rank median = 2nd = 0.375, p90 = 4th = 1.0
        assertThat(hx.delayMedian()).isEqualTo(0.375);
        assertThat(hx.delayP90()).isEqualTo(1.0);
        assertThat(hx.firstFlag()).isEqualTo(minutes(0));
        assertThat(hx.timeToFirstFlag()).isEqualTo(Duration.ZERO);

        CampaignScore st = e.campaigns().get(1);
        assertThat(st.recall()).isEqualTo(0.0);
        assertThat(st.leakedShare()).isEqualTo(1.0);
        assertThat(st.timeToFirstFlag()).isNull();

        // r1: 3 of hx + 1 benign -> purity 0.75; r2: 1 benign -> 1.0; weighted mean (3 + 1) / 5
        assertThat(e.reported()).extracting(Evaluation.ReportedCampaign::purity).containsExactly(0.75, 1.0);
        assertThat(e.reported().get(0).majority()).isEqualTo("hx");
        assertThat(e.meanPurity()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void evaluate_emptyReport_hasUndefinedPrecisionAndZeroRecall() throws Exception {
        Evaluation e = Evaluator.evaluate(TRUTH, new DetectionReport(1, new DetectionReport.Input(0, 0), List.of(), List.of()),
                LOG);
        assertThat(e.overall().precision()).isNull();
        assertThat(e.overall().recall()).isEqualTo(0.0);
        assertThat(e.overall().f1()).isEqualTo(0.0);
        assertThat(e.meanPurity()).isNull();
        assertThat(e.campaigns()).allSatisfy(c -> assertThat(c.leakedShare()).isEqualTo(1.0));
    }

    @Test
    void evaluate_perfectReport_scoresOne() throws Exception {
        List<Flag> flags = TRUTH.accounts().stream().filter(Truth.Account::attack).map(a -> flag(a.account(), 0, a.campaign()))
                .toList();
        Evaluation e = Evaluator.evaluate(TRUTH, new DetectionReport(1, new DetectionReport.Input(0, 0), flags,
                List.of(new Campaign("x", List.of("a1", "a2", "a3", "a4"), null, null, 0, List.of(), List.of()),
                        new Campaign("y", List.of("s1"), null, null, 0, List.of(), List.of()))), LOG);
        assertThat(e.overall().f1()).isEqualTo(1.0);
        assertThat(e.meanPurity()).isEqualTo(1.0);
        assertThat(e.campaigns()).allSatisfy(c -> assertThat(c.leakedShare()).isEqualTo(0.0));
    }

    @Test
    void formats_tableAndJson_showTheScores() throws Exception {
        Evaluation e = Evaluator.evaluate(TRUTH, new DetectionReport(1, new DetectionReport.Input(0, 0),
                List.of(flag("c1", 1, null)), List.of()), LOG);
        assertThat(EvaluationFormat.table(e)).contains("precision 0.0%").contains("ci_loop").contains("never");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluationFormat.json(e, out);
        String json = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"hard_negatives_flagged\" : [ \"ci_loop\" ]").contains("\"mean_purity\" : null");
    }
}
