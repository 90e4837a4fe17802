package io.stillwatch.detect;

import io.stillwatch.detect.fingerprint.PromptFingerprint;
import io.stillwatch.model.Usage;
import java.time.Instant;
import java.util.Objects;

/**
 * An exchange as the engine reads it, its prompt already fingerprinted: lets the fingerprinting run apart
 * from the engine (by a replay's {@link FingerprintStage}).
 *
 * @param fingerprint the prompt's fingerprint, or null when the log's fingerprint could not be read (the
 *                    engine counts it in {@link DetectionEngine.Stats#badFingerprints()})
 */
public record FingerprintedExchange(Instant ts, String account, String ip, String model, Usage usage,
                                    PromptFingerprint fingerprint) {
    public FingerprintedExchange {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(model, "model");
        usage = usage == null ? Usage.NONE : usage;
    }
}
