package io.stillwatch.app.cli;

import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.codec.DetectionReportCodec;
import io.stillwatch.sim.Truth;
import io.stillwatch.sim.TruthFile;
import io.stillwatch.sim.eval.Evaluation;
import io.stillwatch.sim.eval.EvaluationFormat;
import io.stillwatch.sim.eval.Evaluator;
import io.stillwatch.sim.eval.LogScanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stillwatch evaluate}: scores a detection report against a simulated scenario's truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a detection report against truth.json: precision, recall, F1, false positives per "
                + "population, recall and detection delay per campaign, purity of reported campaigns.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "truth.json written by simulate.")
    Path truth;

    @Option(names = "--exchanges", required = true, paramLabel = "FILE",
            description = "The scenario's exchange log (for detection delay).")
    Path exchanges;

    @Option(names = "--report", required = true, paramLabel = "FILE", description = "Detection report (contract §3).")
    Path report;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Truth t = TruthFile.read(truth);
        DetectionReport r = DetectionReportCodec.read(report);
        Evaluation e = Evaluator.evaluate(t, r, new LogScanner(exchanges));
        if (json) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            EvaluationFormat.json(e, buf);
            out.print(buf.toString(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } else {
            out.print(EvaluationFormat.table(e));
            out.flush();
        }
        return 0;
    }
}
