package io.stillwatch.detect;

import io.stillwatch.detect.fingerprint.PromptFingerprint;
import io.stillwatch.detect.fingerprint.PromptFingerprinter;
import io.stillwatch.detect.fingerprint.PromptParts;
import io.stillwatch.model.ExchangeSummary;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The front half of a replay, which needs none of the engine's state: restores event-time order
 * ({@link ReorderBuffer}) and fingerprints each prompt in that order, handing {@link FingerprintedExchange}s
 * downstream. The fingerprinter learns which sentences recur as it goes, so it must see the exchanges in
 * the same order as the engine does: order first, then fingerprint. {@link Replay#run} runs it on a thread
 * of its own, between the log reader's and the engine's. Not thread-safe: one thread at a time.
 */
final class FingerprintStage {
    private final PromptFingerprinter fingerprinter = PromptFingerprinter.withDefaults();
    private final ReorderBuffer<ExchangeSummary<PromptParts>> buffer;
    private final Consumer<FingerprintedExchange> downstream;

    FingerprintStage(Duration allowedDisorder, Consumer<FingerprintedExchange> downstream) {
        this.downstream = downstream;
        this.buffer = new ReorderBuffer<>(allowedDisorder, x -> x.ts().toEpochMilli(), this::release);
    }

    void exchange(ExchangeSummary<PromptParts> x) {
        buffer.add(x);
    }

    /** End of the log: fingerprints and hands on what the buffer still holds. */
    void finish() {
        buffer.flush();
    }

    private void release(ExchangeSummary<PromptParts> x) {
        downstream.accept(new FingerprintedExchange(x.ts(), x.account(), x.ip(), x.model(), x.usage(), fingerprint(x)));
    }

    /** As {@link PromptFingerprinter#fingerprint(io.stillwatch.model.ExchangeRecord)}; null when unreadable. */
    private PromptFingerprint fingerprint(ExchangeSummary<PromptParts> x) {
        try {
            return x.request() != null ? fingerprinter.fingerprint(x.request())
                    : PromptFingerprint.fromJson(x.fingerprint());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    long late() {
        return buffer.late();
    }

    int maxBuffered() {
        return buffer.maxBuffered();
    }
}
