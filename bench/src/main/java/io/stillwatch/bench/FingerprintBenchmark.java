package io.stillwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.detect.fingerprint.PromptFingerprint;
import io.stillwatch.detect.fingerprint.PromptFingerprinter;
import io.stillwatch.detect.fingerprint.PromptPartsReader;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * Cost of fingerprinting one exchange's request (skeleton, sentence sketch, MinHash/LSH, system prompt and
 * tool schema hashes, capability and elicitation keywords), for a templated harvesting prompt and a free-form
 * multi-turn chat, at two prompt sizes. {@code fingerprint}: the request JSON already parsed into a tree;
 * {@code fromBytes}: from the request's JSON bytes, read by {@link PromptPartsReader} without a tree, as replay
 * does; {@code treeFromBytes}: the same bytes parsed into a tree first (replay before the streaming reader).
 *
 * <p>{@code java -jar bench/target/benchmarks.jar FingerprintBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FingerprintBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = ("apple river quantum ledger violet engine harbor matrix lantern copper "
            + "meadow signal orbit canyon falcon prism summit willow ember glacier thunder basalt cobalt").split(" ");

    @Param({"templated", "chat"})
    public String kind;

    @Param({"400", "4000"})
    public int chars;

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonNode[] requests = new JsonNode[256];
    private final byte[][] bodies = new byte[256][];
    private final PromptPartsReader reader = new PromptPartsReader();
    private PromptFingerprinter fingerprinter;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(7);
        fingerprinter = PromptFingerprinter.withDefaults();
        for (int i = 0; i < requests.length; i++) {
            ObjectNode r = JSON.createObjectNode();
            var msgs = r.putArray("messages");
            msgs.addObject().put("role", "system").put("content", "You are a meticulous tutor. Show every step.");
            if (kind.equals("templated")) {
                msgs.addObject().put("role", "user").put("content", "Solve the following problem.\n"
                        + "Show every intermediate reasoning step explicitly.\nProblem: " + words(rng, chars - 120)
                        + "\nPut the final answer on its own line.");
            } else {
                msgs.addObject().put("role", "user").put("content", words(rng, chars / 2));
                msgs.addObject().put("role", "assistant").put("content", words(rng, 200));
                msgs.addObject().put("role", "user").put("content", words(rng, chars / 2) + "?");
            }
            r.putArray("tools").addObject().put("name", "execute_python").putObject("input_schema")
                    .putObject("properties").putObject("code");
            requests[i] = r;
            bodies[i] = r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        for (JsonNode r : requests) {
            fingerprinter.fingerprint(r); // warm the sentence sketch: template sentences are known
        }
    }

    private static String words(SplittableRandom rng, int chars) {
        StringBuilder b = new StringBuilder(chars + 16);
        while (b.length() < chars) {
            b.append(WORDS[rng.nextInt(WORDS.length)]);
            b.append(rng.nextInt(8) == 0 ? ". " : " ");
        }
        return b.toString();
    }

    @Benchmark
    public PromptFingerprint fingerprint() {
        JsonNode r = requests[next++ & (requests.length - 1)];
        return fingerprinter.fingerprint(r);
    }

    @Benchmark
    public PromptFingerprint fromBytes() throws IOException {
        byte[] body = bodies[next++ & (bodies.length - 1)];
        try (JsonParser p = FACTORY.createParser(body)) {
            p.nextToken();
            return fingerprinter.fingerprint(reader.read(p));
        }
    }

    @Benchmark
    public PromptFingerprint treeFromBytes() throws IOException {
        byte[] body = bodies[next++ & (bodies.length - 1)];
        return fingerprinter.fingerprint(JSON.readTree(body));
    }
}
