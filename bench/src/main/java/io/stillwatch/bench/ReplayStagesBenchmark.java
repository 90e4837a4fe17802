package io.stillwatch.bench;

import io.stillwatch.detect.ReorderBuffer;
import io.stillwatch.detect.fingerprint.PromptFingerprinter;
import io.stillwatch.detect.fingerprint.PromptParts;
import io.stillwatch.detect.fingerprint.PromptPartsReader;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.codec.ExchangeLogCodec;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.MalformedLineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The stages of {@code stillwatch replay} one at a time, on the first {@code lines} lines of a real exchange
 * log held in memory (no gunzip, no threads), so each stage's cost per exchange can be read off: divide the
 * time per operation by {@code lines}.
 * <ul>
 *   <li>{@code read}: split lines and decode each into an {@link ExchangeSummary} with its request reduced to
 *       {@link PromptParts} (the replay-reader thread, without gunzip);</li>
 *   <li>{@code fingerprint}: a fresh fingerprinter over the decoded requests in log order (the main thread's
 *       fingerprinting, sentence sketch learning from empty as in a replay);</li>
 *   <li>{@code reorder}: the event-time reorder buffer over the decoded exchanges (5 minutes' disorder).</li>
 * </ul>
 *
 * <p>{@code ./stillwatch simulate --scenario mixed-small --seed 1 --out D}, then
 * {@code java -jar bench/target/benchmarks.jar ReplayStagesBenchmark -p log=D/exchanges.jsonl.gz}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayStagesBenchmark {

    /** An exchange log (JSON Lines, plain or .gz), e.g. from {@code stillwatch simulate}. */
    @Param("")
    public String log;

    @Param("50000")
    public int lines;

    private byte[] bytes;
    private final List<ExchangeSummary<PromptParts>> decoded = new ArrayList<>();

    @Setup
    public void setUp() throws IOException, MalformedLineException {
        if (log.isEmpty()) {
            throw new IllegalArgumentException("log: empty (expected -p log=PATH to an exchange log)");
        }
        Path path = Path.of(log);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = log.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buf = new byte[1 << 16];
            int n;
            int seen = 0;
            while (seen < lines && (n = in.read(buf)) > 0) {
                int take = n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n' && ++seen == lines) {
                        take = i + 1;
                        break;
                    }
                }
                out.write(buf, 0, take);
            }
        }
        bytes = out.toByteArray();
        read(decoded::add);
        if (decoded.size() != lines) {
            throw new IllegalArgumentException("log: " + log + " has " + decoded.size() + " lines (expected: >= "
                    + lines + ")");
        }
    }

    private int read(java.util.function.Consumer<ExchangeSummary<PromptParts>> sink) throws IOException, MalformedLineException {
        int n = 0;
        try (JsonLinesReader<ExchangeSummary<PromptParts>> r = JsonLinesReader.of(new ByteArrayInputStream(bytes),
                log, false, ExchangeLogCodec.summaries(new PromptPartsReader()), OnMalformed.STOP)) {
            ExchangeSummary<PromptParts> x;
            while ((x = r.next()) != null) {
                sink.accept(x);
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public int read(Blackhole bh) throws IOException, MalformedLineException {
        return read(bh::consume);
    }

    @Benchmark
    public void fingerprint(Blackhole bh) {
        PromptFingerprinter f = PromptFingerprinter.withDefaults();
        for (ExchangeSummary<PromptParts> x : decoded) {
            if (x.request() != null) {
                bh.consume(f.fingerprint(x.request()));
            }
        }
    }

    @Benchmark
    public void reorder(Blackhole bh) {
        ReorderBuffer<ExchangeSummary<PromptParts>> buffer = new ReorderBuffer<>(Duration.ofMinutes(5),
                x -> x.ts().toEpochMilli(), bh::consume);
        for (ExchangeSummary<PromptParts> x : decoded) {
            buffer.add(x);
        }
        buffer.flush();
    }
}
