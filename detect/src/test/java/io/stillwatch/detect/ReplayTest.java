package io.stillwatch.detect;

import static io.stillwatch.detect.Traffic.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.detect.fingerprint.PromptParts;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.codec.DetectionReportCodec;
import io.stillwatch.model.codec.MalformedLineException;
import io.stillwatch.model.codec.RecordSource;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Replay#run} (fingerprinting on its own thread) against the one-thread path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang in the hand-off fails instead of blocking the build
class ReplayTest {
    private static final String HARVEST = "You are a meticulous tutor.\nSolve the following problem.\n"
            + "Show every intermediate reasoning step explicitly.\nProblem: {}\nPut the final answer on its own line.";
    private static final Duration DISORDER = Duration.ofMinutes(5);

    private final List<AccountRecord> accounts = new ArrayList<>();
    /** In log order: event time plus up to four minutes of disorder, as the contract allows five. */
    private final List<ExchangeSummary<PromptParts>> log = new ArrayList<>();

    /** An exchange and its position in the log: its event time plus up to four minutes of delay. */
    private record Logged(long position, ExchangeSummary<PromptParts> x) {
    }

    /**
     * A generated log: a card-sharing campaign whose accounts sign up during the log, ordinary users (a few of
     * them missing from the registry), and registry entries created after the last exchange.
     */
    private void generate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Logged> logged = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = "ind_" + i;
            if (i % 50 != 7) {
                accounts.add(Traffic.account(id, T0.minus(Duration.ofDays(rng.nextInt(400))), "p" + i + "@gmail.com",
                        "pm_ind_" + i, "24.4." + rng.nextInt(256) + ".3", Kyc.BASIC));
            }
            for (int k = 0; k < 20; k++) {
                logged.add(logged(rng, id, T0.plusSeconds(rng.nextInt(3 * 86_400)), Traffic.chat(rng)));
            }
        }
        for (int i = 0; i < 40; i++) {
            String id = "c_" + i;
            Instant created = T0.plus(Duration.ofDays(1)).plusSeconds(rng.nextInt(3600));
            accounts.add(Traffic.account(id, created, "u" + rng.nextInt(100_000) + "@mailbox.example", "pm_9f",
                    "45.61." + rng.nextInt(256) + ".7", Kyc.NONE));
            for (int k = 0; k < 50; k++) {
                Instant ts = created.plus(Duration.ofHours(2)).plusSeconds(rng.nextInt(2 * 86_400));
                logged.add(logged(rng, id, ts, Traffic.singleTurn(null, HARVEST, rng)));
            }
        }
        for (int i = 0; i < 5; i++) {
            accounts.add(Traffic.account("late_" + i, T0.plus(Duration.ofDays(10)), "l" + i + "@x.example", "pm_l" + i,
                    "9.9.9." + i, Kyc.NONE));
        }
        logged.sort(Comparator.comparingLong(Logged::position));
        logged.forEach(l -> log.add(l.x()));
    }

    private static Logged logged(SplittableRandom rng, String account, Instant ts, ObjectNode request) {
        return new Logged(ts.toEpochMilli() + rng.nextInt(240_000),
                Replay.summary(Traffic.exchange(account, ts, "73.0." + rng.nextInt(256) + ".9", request)));
    }

    private record Result(byte[] report, List<FlagEvent> events, DetectionEngine.Stats stats, long exchanges,
                          long late) {
    }

    private Result serial() throws Exception {
        List<FlagEvent> events = new ArrayList<>();
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), events::add);
        Replay replay = new Replay(engine, accounts, DISORDER);
        log.forEach(replay::exchange);
        replay.finish();
        return result(engine, events, replay);
    }

    private Result threaded() throws Exception {
        List<FlagEvent> events = new ArrayList<>();
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), events::add);
        Replay replay = new Replay(engine, accounts, DISORDER);
        replay.run(source(log), () -> { });
        assertThat(replay.received()).isEqualTo(log.size());
        return result(engine, events, replay);
    }

    private Result result(DetectionEngine engine, List<FlagEvent> events, Replay replay) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DetectionReportCodec.write(engine.report(new DetectionReport.Input(log.size(), accounts.size())), out);
        return new Result(out.toByteArray(), events, engine.stats(), replay.exchanges(), replay.late());
    }

    private static <T> RecordSource<T> source(List<T> records) {
        Iterator<T> it = records.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    @Test
    void run_generatedLog_sameReportFlagsAndCountsAsOneThread() throws Exception {
        generate(7);
        Result serial = serial();
        Result threaded = threaded();
        assertThat(serial.events()).isNotEmpty(); // the campaign is found, so the comparison says something
        assertThat(new String(threaded.report())).isEqualTo(new String(serial.report()));
        assertThat(threaded.events()).isEqualTo(serial.events()); // flags in the same order, at the same times
        assertThat(threaded.stats()).isEqualTo(serial.stats());
        assertThat(threaded.late()).isEqualTo(serial.late());
    }

    @Test
    void run_endOfLog_drainsTheReorderBufferAndTheRegistry() throws Exception {
        generate(3);
        Result threaded = threaded();
        // the last five minutes of the log wait in the reorder buffer until the end; the late_ accounts come
        // after the last exchange
        assertThat(threaded.exchanges()).isEqualTo(log.size());
        assertThat(threaded.stats().exchanges()).isEqualTo(log.size());
        assertThat(threaded.stats().accounts()).isEqualTo(accounts.size() + 3); // and three unknown ones
        assertThat(threaded.stats().unknownAccounts()).isEqualTo(3);
    }

    @Test
    void run_errorOnTheFingerprintingThread_thrownToTheCallerAfterTheExchangesBeforeIt() throws Exception {
        generate(5);
        IllegalStateException boom = new IllegalStateException("boom");
        Iterator<ExchangeSummary<PromptParts>> it = log.iterator();
        int[] served = {0};
        RecordSource<ExchangeSummary<PromptParts>> failing = () -> {
            if (served[0]++ == 2_000) {
                throw boom;
            }
            return it.next();
        };
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), f -> { });
        Replay replay = new Replay(engine, accounts, DISORDER);
        assertThatThrownBy(() -> replay.run(failing, () -> { })).isSameAs(boom);
        // what had left the reorder buffer reached the engine; nothing after the error did
        assertThat(replay.exchanges()).isGreaterThan(0).isLessThan(2_000);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("replay-fingerprint"));
    }

    @Test
    void run_malformedLine_thrownToTheCaller() {
        MalformedLineException bad = new MalformedLineException("x.jsonl", 12, "not JSON");
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), f -> { });
        Replay replay = new Replay(engine, accounts, DISORDER);
        assertThatThrownBy(() -> replay.run(() -> {
            throw bad;
        }, () -> { })).isSameAs(bad);
    }

    @Test
    void run_engineSideFails_fingerprintingThreadStopsAndTheErrorIsThrown() throws Exception {
        generate(11);
        Iterator<ExchangeSummary<PromptParts>> it = log.iterator();
        // a log that never ends: the other thread stops only because the caller's side failed
        RecordSource<ExchangeSummary<PromptParts>> endless = () -> it.hasNext() ? it.next() : log.get(log.size() - 1);
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), f -> { });
        Replay replay = new Replay(engine, accounts, DISORDER);
        IllegalStateException stop = new IllegalStateException("engine side");
        long[] taken = {0};
        assertThatThrownBy(() -> replay.run(endless, () -> {
            if (++taken[0] == 1_000) {
                throw stop;
            }
        })).isSameAs(stop);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("replay-fingerprint"));
    }
}
