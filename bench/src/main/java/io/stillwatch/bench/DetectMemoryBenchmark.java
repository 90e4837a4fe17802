package io.stillwatch.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.detect.DetectionConfig;
import io.stillwatch.detect.DetectionEngine;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Heap per tracked account: builds the engine's state for N accounts (registry entry with its own card,
 * e-mail, sign-up IP; a few exchanges each from a couple of networks, some templated) and reads the heap
 * after full collections, before and after. The engine's fixed-size structures (sentence sketch, LSH
 * and content tables) are warmed first and excluded.
 *
 * <p>{@code java -Xmx4g -cp bench/target/benchmarks.jar io.stillwatch.bench.DetectMemoryBenchmark [accounts]}
 */
public final class DetectMemoryBenchmark {
    private DetectMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        SplittableRandom rng = new SplittableRandom(11);
        DetectionEngine engine = new DetectionEngine(DetectionConfig.defaults(), f -> { });
        Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
        ObjectNode[] requests = new ObjectNode[64];
        for (int i = 0; i < requests.length; i++) {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.putArray("messages").addObject().put("role", "user").put("content",
                    "Solve the following problem and show each step.\nProblem: " + rng.nextLong() + " apples "
                            + rng.nextLong() + "\nGive the answer on its own line.");
            requests[i] = r;
        }
        // warm the fixed-size structures with other accounts
        feed(engine, "warm", 20_000, t0, rng, requests);
        long before = used();
        feed(engine, "acct", n, t0.plusSeconds(86_400), rng, requests);
        long after = used();
        System.out.printf("accounts: %,d; heap before %,d MB, after %,d MB; %.0f bytes per tracked account%n", n,
                before >> 20, after >> 20, (after - before) / (double) n);
        System.out.println(engine.stats());
    }

    private static void feed(DetectionEngine engine, String prefix, int n, Instant t0, SplittableRandom rng,
                             ObjectNode[] requests) {
        for (int i = 0; i < n; i++) {
            String id = prefix + "_" + Long.toHexString(rng.nextLong());
            Instant created = t0.plusMillis(i);
            engine.onAccount(new AccountRecord(id, created, null, "user" + rng.nextInt(1 << 30) + "@gmail.com",
                    "pm_" + Long.toHexString(rng.nextLong()), ip(rng), "US", List.of(), Kyc.BASIC, "free"));
            for (int k = 0; k < 4; k++) {
                engine.onExchange(new ExchangeRecord(1, id + k, created.plusSeconds(k), id, "k", ip(rng), null,
                        "openai.chat.completions", "m", false, requests[rng.nextInt(requests.length)], null, null,
                        new Usage(10L, 20L, null), 200, null, null));
            }
        }
    }

    private static String ip(SplittableRandom rng) {
        return (1 + rng.nextInt(220)) + "." + rng.nextInt(256) + "." + rng.nextInt(256) + "." + rng.nextInt(256);
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
