package io.stillwatch.app.cli;

import io.stillwatch.sim.Scenario;
import io.stillwatch.sim.Scenarios;
import io.stillwatch.sim.Simulator;
import io.stillwatch.model.codec.Rfc3339;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stillwatch simulate}: writes a labelled scenario (accounts.jsonl, exchanges.jsonl.gz,
 * truth.json) to a directory. Same scenario, seed and scale: same bytes.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Generate labelled traffic: DIR/accounts.jsonl, DIR/exchanges.jsonl.gz and DIR/truth.json.")
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "Print the scenario catalogue and exit.")
    boolean list;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Scenario name (see --list).")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--scale", paramLabel = "F", defaultValue = "1.0",
            description = "Multiply every population's account count (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--gzip-level", paramLabel = "1-9", defaultValue = "1",
            description = "Compression level of exchanges.jsonl.gz (default: ${DEFAULT-VALUE}, fastest).")
    int gzipLevel;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            for (Scenario s : Scenarios.all()) {
                stdout.printf("%-12s %s%n", s.name(), s.description());
            }
            stdout.flush();
            return 0;
        }
        if (scenario == null || out == null) {
            throw new IllegalArgumentException("give --scenario NAME and --out DIR (or --list)");
        }
        Scenario s = Scenarios.byName(scenario);
        Simulator sim = new Simulator(s, seed, scale, gzipLevel);
        Progress progress = new Progress(err, 2000, () -> "");
        double[] lastReport = {0};
        Simulator.Result r = sim.run(out, (n, t) -> {
            double secs = progress.elapsedSeconds();
            if (secs - lastReport[0] >= 2.0) {
                lastReport[0] = secs;
                err.printf("[%6.1fs] %,d exchanges, simulated time %s, %,.0f/s%n", secs, n, Rfc3339.format(t),
                        progress.rate(n));
                err.flush();
            }
        });
        double secs = progress.elapsedSeconds();
        stdout.printf("%s seed %d scale %s: %,d accounts, %,d exchanges (%,d MB uncompressed) in %.1fs, %,.0f exchanges/s -> %s%n",
                s.name(), seed, scale, r.accounts(), r.exchanges(), r.uncompressedBytes() >> 20, secs,
                r.exchanges() / Math.max(secs, 1e-9), out);
        stdout.printf("  cpu: generation %.1fs, compression %.1fs -> %,.0f exchanges/s on two dedicated cores%n",
                r.generationCpuNanos() / 1e9, r.compressionCpuNanos() / 1e9, r.cpuBoundRate());
        r.exchangesByPopulation().forEach((k, v) -> stdout.printf("  %-18s %,12d%n", k, v));
        stdout.flush();
        return 0;
    }
}
