package io.stillwatch.app.cli;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.DetectionReportCodec;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.sim.baseline.Baseline;
import io.stillwatch.sim.baseline.FocusBaseline;
import io.stillwatch.sim.baseline.RateBaseline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stillwatch baseline}: runs a reference detector over a log and writes a contract report. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Run a reference detector (per-account rate threshold, or repetition-and-focus heuristic) "
                + "and write a detection report (contract §3).")
public final class BaselineCommand implements Callable<Integer> {

    enum Kind { rate, focus }

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "rate|focus", description = "Which baseline: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--exchanges", required = true, paramLabel = "FILE", description = "Exchange log (plain or .gz).")
    Path exchanges;

    @Option(names = "--accounts", paramLabel = "FILE", description = "Account registry (for the report's account count).")
    Path accounts;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the report.")
    Path out;

    @Option(names = "--per-minute", defaultValue = "60", description = "rate: flag above this many exchanges in a minute (default: ${DEFAULT-VALUE}).")
    int perMinute;

    @Option(names = "--per-day", defaultValue = "1500", description = "rate: flag above this many exchanges in 24 hours (default: ${DEFAULT-VALUE}).")
    int perDay;

    @Option(names = "--min-exchanges", defaultValue = "50", description = "focus: judge an account after this many exchanges (default: ${DEFAULT-VALUE}).")
    int minExchanges;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Baseline b = switch (kind) {
            case rate -> new RateBaseline(new RateBaseline.Config(perMinute, perDay));
            case focus -> {
                FocusBaseline.Config d = FocusBaseline.Config.DEFAULT;
                yield new FocusBaseline(new FocusBaseline.Config(minExchanges, d.repetition(), d.focus(), d.singleTurn(),
                        d.elicitation()));
            }
        };
        long registry = 0;
        if (accounts != null) {
            try (JsonLinesReader<AccountRecord> r = ContractFiles.readAccounts(accounts, OnMalformed.STOP)) {
                while (r.next() != null) {
                    registry++;
                }
            }
        }
        Progress progress = new Progress(err, 2000, () -> "");
        DetectionReport report = Baseline.run(b, exchanges, registry, n -> {
            if ((n & ((1 << 18) - 1)) == 0) {
                err.printf("[%6.1fs] %,d exchanges read%n", progress.elapsedSeconds(), n);
                err.flush();
            }
        });
        DetectionReportCodec.write(report, out);
        stdout.printf("baseline %s: %,d exchanges, %,d accounts flagged -> %s (%.1fs)%n", kind, report.input().exchanges(),
                report.flags().size(), out, progress.elapsedSeconds());
        stdout.flush();
        return 0;
    }
}
