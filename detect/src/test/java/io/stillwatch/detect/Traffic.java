package io.stillwatch.detect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Hand-made, seeded records for engine tests. */
final class Traffic {
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final String[] WORDS = ("apple river quantum ledger violet engine harbor matrix lantern copper "
            + "meadow signal orbit canyon falcon prism summit willow ember glacier thunder basalt cobalt velvet "
            + "saffron tundra zephyr nimbus quartz delta").split(" ");
    private static long ids;

    private Traffic() {
    }

    static AccountRecord account(String id, Instant created, String email, String payment, String signupIp, Kyc kyc) {
        return new AccountRecord(id, created, null, email, payment, signupIp, "US", List.of(), kyc, "free");
    }

    static ExchangeRecord exchange(String account, Instant ts, String ip, ObjectNode request) {
        return new ExchangeRecord(1, "x" + (++ids), ts, account, "key_" + account, ip, "ua", "openai.chat.completions",
                "model-a", false, request, null, null, new Usage(100L, 400L, null), 200, 1000L, null);
    }

    /** A single-turn request: {@code template} with {@code {}} replaced by a random payload. */
    static ObjectNode singleTurn(String system, String template, SplittableRandom rng) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("model", "model-a");
        var msgs = req.putArray("messages");
        if (system != null) {
            msgs.addObject().put("role", "system").put("content", system);
        }
        msgs.addObject().put("role", "user").put("content", template.replace("{}", payload(rng, 12)));
        return req;
    }

    /** A multi-turn chat with unrelated words: what an ordinary user sends. */
    static ObjectNode chat(SplittableRandom rng) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("model", "model-a");
        var msgs = req.putArray("messages");
        msgs.addObject().put("role", "user").put("content", payload(rng, 10) + ".");
        msgs.addObject().put("role", "assistant").put("content", payload(rng, 20) + ".");
        msgs.addObject().put("role", "user").put("content", payload(rng, 8) + "?");
        return req;
    }

    /** One step of an agent loop under {@code system}: the task, the assistant's tool call and its result. */
    static ObjectNode agentStep(String system, SplittableRandom rng) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("model", "model-a");
        var msgs = req.putArray("messages");
        msgs.addObject().put("role", "system").put("content", system);
        msgs.addObject().put("role", "user").put("content", "Fix the failing test in " + payload(rng, 4) + ".");
        msgs.addObject().put("role", "assistant").put("content", "Running the tests on " + payload(rng, 3) + ".");
        msgs.addObject().put("role", "user").put("content", payload(rng, 12) + ".");
        return req;
    }

    static String payload(SplittableRandom rng, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
            if (rng.nextInt(4) == 0) {
                b.append(rng.nextInt(1000));
            }
        }
        return b.toString();
    }
}
