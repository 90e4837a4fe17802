package io.stillwatch.model.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Action;
import io.stillwatch.model.Apis;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.ResponseSummary;
import io.stillwatch.model.Usage;
import java.time.Instant;
import java.util.List;

/** Deterministic sample records of every contract format, shared with other modules' tests. */
public final class ContractSamples {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant T0 = Instant.parse("2026-04-22T10:00:00.123Z");

    private ContractSamples() {
    }

    /** The i-th sample exchange; varies api, stream, usage and optional fields with i. */
    public static ExchangeRecord exchange(long i) {
        boolean openai = i % 2 == 0;
        ObjectNode request = JSON.createObjectNode();
        request.put("model", openai ? "gpt-4o" : "claude-sonnet-4-5");
        request.put("max_tokens", 512);
        var messages = request.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Explain item " + i + " step by step, ü €");
        if (!openai) {
            request.put("system", "You are a helpful assistant.");
        }
        return new ExchangeRecord(1, "ex_" + i, T0.plusMillis(i * 37), "acct_" + (i % 97), "key_" + (i % 97),
                i % 5 == 0 ? "2001:db8::" + (i % 50) : "203.0.113." + (i % 250),
                i % 3 == 0 ? null : "openai-python/1.40.0",
                openai ? Apis.OPENAI_CHAT_COMPLETIONS : Apis.ANTHROPIC_MESSAGES,
                request.get("model").asText(), i % 4 == 0, request, null,
                new ResponseSummary("answer " + i, i % 7 == 0 ? 1200 : null, "stop"),
                new Usage(100 + i % 13, 200L, i % 7 == 0 ? 300L : null),
                i % 11 == 0 ? 429 : 200, 850L + i % 100,
                i % 11 == 0 ? Action.DENY_LIMIT : Action.ALLOW);
    }

    /** An exchange with only a fingerprint, no request body (privacy mode). */
    public static ExchangeRecord fingerprintOnly() {
        ObjectNode fp = JSON.createObjectNode().put("v", 1).put("template", "9f2a");
        return new ExchangeRecord(1, "ex_fp", T0, "acct_1", "key_1", "198.51.100.7", null,
                Apis.OPENAI_CHAT_COMPLETIONS, "gpt-4o", false, null, fp, null, null, 200, null, null);
    }

    public static AccountRecord account(long i) {
        return new AccountRecord("acct_" + i, T0.minusSeconds(86_400 * (i % 30)), i % 4 == 0 ? "org_" + i % 8 : null,
                "user" + i + "@example.com", "pm_" + Long.toHexString(i * 7919), "192.0.2." + (i % 250),
                "DE", i % 3 == 0 ? List.of("DE", "FR") : List.of(), Kyc.values()[(int) (i % 3)],
                i % 2 == 0 ? "free" : "pro");
    }

    public static DetectionReport report() {
        return new DetectionReport(1, new DetectionReport.Input(123_456, 4_567),
                List.of(new DetectionReport.Flag("acct_17", T0, "camp_3", 0.97,
                                List.of("shared payment fingerprint with 212 accounts")),
                        new DetectionReport.Flag("acct_18", T0.plusSeconds(60), null, 0.5, List.of())),
                List.of(new DetectionReport.Campaign("camp_3", List.of("acct_17"), T0.minusSeconds(3600), T0,
                        98_765, List.of("reasoning", "coding"),
                        List.of(new DetectionReport.Evidence("shared_payment", "pm_9f", 212)))));
    }
}
