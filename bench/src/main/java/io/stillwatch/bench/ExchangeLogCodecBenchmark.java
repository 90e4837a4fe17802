package io.stillwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.model.Action;
import io.stillwatch.model.Apis;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ResponseSummary;
import io.stillwatch.model.Usage;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exchange-log read and write throughput, plain and gzip, in records per second. Each invocation
 * streams {@link #RECORDS} realistic records (an OpenAI or Anthropic body of ~1 KB) through a file.
 *
 * <pre>java -jar bench/target/benchmarks.jar ExchangeLogCodecBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ExchangeLogCodecBenchmark {
    static final int RECORDS = 100_000;

    @Param({"jsonl", "jsonl.gz"})
    public String format;

    private Path dir;
    private Path readFile;
    private Path writeFile;
    private ExchangeRecord[] records;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("stillwatch-bench");
        records = new ExchangeRecord[1024];
        for (int i = 0; i < records.length; i++) {
            records[i] = sample(i);
        }
        readFile = dir.resolve("read." + format);
        writeFile = dir.resolve("write." + format);
        try (JsonLinesWriter<ExchangeRecord> w = ContractFiles.writeExchanges(readFile)) {
            for (int i = 0; i < RECORDS; i++) {
                w.write(records[i & 1023]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long read() throws Exception {
        long tokens = 0;
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(readFile, JsonLinesReader.OnMalformed.STOP)) {
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                tokens += x.usageOrNone().inputOrZero();
            }
        }
        return tokens;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long write() throws Exception {
        try (JsonLinesWriter<ExchangeRecord> w = ContractFiles.writeExchanges(writeFile)) {
            for (int i = 0; i < RECORDS; i++) {
                w.write(records[i & 1023]);
            }
            return w.written();
        }
    }

    static ExchangeRecord sample(int i) {
        ObjectMapper json = new ObjectMapper();
        boolean openai = i % 2 == 0;
        ObjectNode req = json.createObjectNode();
        req.put("model", openai ? "gpt-4.1" : "claude-sonnet-4-5");
        req.put("max_tokens", 1024).put("temperature", 0.7);
        var msgs = req.putArray("messages");
        String system = "You are a senior software engineer. Answer precisely, show your reasoning, and cite the "
                + "relevant standard where one applies. Keep answers under 400 words.";
        if (openai) {
            msgs.addObject().put("role", "system").put("content", system);
        } else {
            req.put("system", system);
        }
        msgs.addObject().put("role", "user").put("content", "Refactor this function to be iterative, item " + i
                + ": def walk(n):\n    if n.left: walk(n.left)\n    visit(n)\n    if n.right: walk(n.right)");
        msgs.addObject().put("role", "assistant").put("content", "Here is an iterative version using an explicit "
                + "stack of nodes; it visits nodes in the same in-order sequence.");
        msgs.addObject().put("role", "user").put("content", "Now explain the complexity step by step, case " + i);
        return new ExchangeRecord(1, "ex_" + i, Instant.parse("2026-06-01T00:00:00Z").plusMillis(i * 1000L),
                "acct_" + (i % 300), "key_" + (i % 300), "203.0.113." + (i % 250), "OpenAI/Python 1.99.0",
                openai ? Apis.OPENAI_CHAT_COMPLETIONS : Apis.ANTHROPIC_MESSAGES, req.get("model").asText(),
                i % 3 == 0, req, null, new ResponseSummary(null, i % 5 == 0 ? 2400 : null, "stop"),
                new Usage(412L + i % 50, 380L + i % 70, i % 5 == 0 ? 600L : null), 200, 2300L + i % 900,
                Action.ALLOW);
    }
}
