package io.stillwatch.app.cli;

import io.stillwatch.app.StillwatchCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stillwatch demo}: the main job end to end on the embedded default. First a short tour of
 * the gateway (a mock model behind it, a few client calls, the exchange log they leave). Then it simulates a labelled
 * scenario (benign populations with their hard negatives, and distillation campaigns), replays it
 * through the detection engine, runs both reference baselines on the same traffic, and scores all
 * three against the truth. Every step is one of the product's own commands, so the demo's output
 * files can be inspected or fed to them again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole detection pipeline on a simulated scenario: simulate -> replay -> baselines -> "
                + "evaluate, and print the scores side by side.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-data",
            description = "Where the scenario, reports and scores go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--scenario", defaultValue = "mixed-small",
            description = "Scenario to simulate (see `simulate --list`; default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", defaultValue = "1.0", description = "Scenario scale factor (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--no-gateway", description = "Skip the gateway tour (mock model, store, gateway, a few calls).")
    boolean noGateway;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Files.createDirectories(out);
        Path traffic = out.resolve("traffic");
        Path exchanges = traffic.resolve("exchanges.jsonl.gz");
        Path accounts = traffic.resolve("accounts.jsonl");
        Path truth = traffic.resolve("truth.json");

        if (!noGateway) {
            step(err, "0/4 gateway tour: a mock model, the embedded store with one account and key, the gateway in front");
            GatewayTour.run(out.resolve("gateway"), stdout, err);
        }
        step(err, "1/4 simulate " + scenario + " (seed " + seed + ", scale " + scale + ") into " + traffic);
        run(err, null, "simulate", "--scenario", scenario, "--seed", Long.toString(seed), "--scale",
                Double.toString(scale), "--out", traffic.toString());

        step(err, "2/4 replay the exchange log through the detection engine");
        Path report = out.resolve("report.json");
        run(err, null, "replay", "--exchanges", exchanges.toString(), "--accounts", accounts.toString(),
                "--out", report.toString());

        step(err, "3/4 reference baselines on the same traffic (per-account rate; repetition and focus)");
        List<String[]> detectors = new ArrayList<>();
        detectors.add(new String[] {"stillwatch", report.toString()});
        for (String kind : List.of("rate", "focus")) {
            Path baseline = out.resolve("baseline-" + kind + ".json");
            run(err, null, "baseline", "--kind", kind, "--exchanges", exchanges.toString(), "--accounts",
                    accounts.toString(), "--out", baseline.toString());
            detectors.add(new String[] {"baseline " + kind, baseline.toString()});
        }

        step(err, "4/4 score every report against the truth");
        for (String[] d : detectors) {
            StringWriter table = new StringWriter();
            run(err, new PrintWriter(table), "evaluate", "--truth", truth.toString(), "--exchanges",
                    exchanges.toString(), "--report", d[1]);
            Files.writeString(out.resolve("scores-" + d[0].replace(' ', '-') + ".txt"), table.toString());
            stdout.println("=== " + d[0] + " (" + d[1] + ")");
            stdout.println(table);
        }
        stdout.flush();
        err.println("demo: done; everything is under " + out.toAbsolutePath());
        return 0;
    }

    private static void step(PrintWriter err, String what) {
        err.println("demo: " + what);
        err.flush();
    }

    /** Runs one of the product's own commands; its results go to {@code out} (stderr when null). */
    private void run(PrintWriter err, PrintWriter out, String... args) {
        CommandLine cl = StillwatchCommand.commandLine();
        cl.setErr(err);
        cl.setOut(out == null ? err : out);
        int code = cl.execute(args);
        if (out != null) {
            out.flush();
        }
        if (code != 0) {
            throw new IllegalStateException("`stillwatch " + String.join(" ", args) + "` failed with exit code " + code);
        }
    }
}
