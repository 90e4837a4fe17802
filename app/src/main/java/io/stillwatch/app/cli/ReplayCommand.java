package io.stillwatch.app.cli;

import io.stillwatch.detect.DetectionConfig;
import io.stillwatch.detect.DetectionEngine;
import io.stillwatch.detect.Replay;
import io.stillwatch.detect.fingerprint.PromptParts;
import io.stillwatch.detect.fingerprint.PromptPartsReader;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.DetectionReportCodec;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.ReadAhead;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stillwatch replay}: runs the detection engine over an exchange log and an account registry in
 * event-time order, as a live system would have seen them, and writes the detection report.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay an exchange log and account registry through the detection engine and write "
                + "the detection report (flags and campaigns).")
public final class ReplayCommand implements Callable<Integer> {
    private static final int READ_BATCH = 512;
    private static final int READ_AHEAD_BATCHES = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--exchanges", required = true, paramLabel = "FILE",
            description = "Exchange log (JSON Lines, plain or .gz).")
    Path exchanges;

    @Option(names = "--accounts", required = true, paramLabel = "FILE",
            description = "Account registry (JSON Lines, plain or .gz).")
    Path accounts;

    @Option(names = "--out", required = true, paramLabel = "REPORT.json", description = "Detection report to write.")
    Path out;

    @Option(names = "--max-disorder", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How far out of order the log's timestamps may be (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration maxDisorder;

    @Option(names = "--skip-malformed",
            description = "Skip malformed lines and count them instead of stopping at the first one.")
    boolean skipMalformed;

    @Option(names = "--progress-ms", defaultValue = "5000", paramLabel = "MS",
            description = "Interval between progress lines on standard error (default ${DEFAULT-VALUE}).")
    long progressMillis;

    @Option(names = "--explain", paramLabel = "FILE",
            description = "Also write, for every account, its score and the weighted things it shares (analysis aid).")
    Path explain;

    @Override
    public Integer call() throws Exception {
        if (maxDisorder.isNegative()) {
            throw new IllegalArgumentException("--max-disorder: " + maxDisorder + " (expected: >= 0)");
        }
        PrintWriter err = spec.commandLine().getErr();
        OnMalformed policy = skipMalformed ? OnMalformed.SKIP : OnMalformed.STOP;
        List<AccountRecord> registry = new ArrayList<>();
        long skipped = 0;
        try (JsonLinesReader<AccountRecord> r = ContractFiles.readAccounts(accounts, policy)) {
            r.onSkip(e -> err.println("skipped " + e.getMessage()));
            AccountRecord a;
            while ((a = r.next()) != null) {
                registry.add(a);
            }
            skipped += r.skipped();
        }
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), f -> { });
        Replay replay = new Replay(engine, registry, maxDisorder);
        Progress[] self = new Progress[1];
        Progress progress = new Progress(err, progressMillis, () -> {
            DetectionEngine.Stats s = engine.stats();
            long read = replay.received();
            return String.format("%,d exchanges read (%,.0f/s), %,d processed; %,d accounts (%,d unknown); %,d flagged",
                    read, self[0].rate(read), s.exchanges(), s.accounts(), s.unknownAccounts(), s.flags());
        });
        self[0] = progress;
        // Four threads: one gunzips (an igzip process, else InflateAhead); one parses, reading each request
        // body straight into the parts a fingerprint needs (no tree); one restores event-time order and fingerprints (in that order:
        // the fingerprinter learns recurring sentences as it goes); this one runs the engine (Replay.run).
        JsonLinesReader<ExchangeSummary<PromptParts>> file =
                ContractFiles.readExchangeSummaries(exchanges, policy, new PromptPartsReader());
        file.onSkip(e -> err.println("skipped " + e.getMessage()));
        if (file.inflater().equals("zlib")) { // a fifth of the CPU of a replay: worth saying how to save it
            err.println("gunzip: the JDK's zlib (igzip, from the Debian package isal, inflates several times faster)");
        }
        try (ReadAhead<ExchangeSummary<PromptParts>> r = ReadAhead.of(file, READ_BATCH, READ_AHEAD_BATCHES,
                "replay-reader")) {
            replay.run(r, progress::tick);
        }
        // complete and visible here: the reader thread ended before handing over its end marker
        skipped += file.skipped();
        long read = replay.received();
        long late = replay.late();
        DetectionReport report = engine.report(new DetectionReport.Input(read, registry.size()));
        DetectionReportCodec.write(report, out);
        if (explain != null) {
            try (PrintWriter w = new PrintWriter(java.nio.file.Files.newBufferedWriter(explain))) {
                for (String id : engine.accountIds()) {
                    w.println(engine.explain(id));
                }
            }
        }
        DetectionEngine.Stats s = engine.stats();
        double secs = progress.elapsedSeconds();
        err.printf("replayed %,d exchanges in %.1fs (%,.0f exchanges/s); %,d accounts (%,d unknown to the registry); "
                        + "%,d flagged in %d campaigns; %,d late beyond %s; %,d malformed lines skipped%n",
                read, secs, progress.rate(read), s.accounts(), s.unknownAccounts(), report.flags().size(),
                report.campaigns().size(), late, maxDisorder, skipped);
        err.printf("report: %s%n", out);
        err.flush();
        return 0;
    }
}
