package io.stillwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stillwatch.detect.fingerprint.PromptParts;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ExchangeSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Drives a {@link DetectionEngine} over recorded data as a live system would have seen it: registry
 * entries enter at their {@code created} time, exchanges in event-time order restored (and fingerprinted
 * in that order) by a {@link FingerprintStage}, the two merged into one event-time stream. Nothing from
 * the future is used: an account exists for the engine only from its sign-up, so a link to an account
 * created later exists only from that later time.
 */
public final class Replay {
    private final DetectionEngine engine;
    private final List<AccountRecord> pending;
    private final FingerprintStage front;
    private int nextAccount;
    private long exchanges;

    /** @param accounts the whole registry, in any order */
    public Replay(DetectionEngine engine, List<AccountRecord> accounts, Duration allowedDisorder) {
        this.engine = engine;
        this.pending = new ArrayList<>(accounts);
        this.pending.sort(Comparator.comparing(AccountRecord::created));
        this.front = new FingerprintStage(allowedDisorder, this::release);
    }

    /** An exchange as the log reader summarises it, in log order. */
    public void exchange(ExchangeSummary<PromptParts> x) {
        front.exchange(x);
    }

    /** A whole exchange record, in log order; a request that is no JSON object counts as its fingerprint. */
    public void exchange(ExchangeRecord x) {
        boolean body = x.request() != null && x.request().isObject();
        // a null node where neither is readable, so the stage counts the exchange as unreadable
        JsonNode fingerprint = body || x.fingerprint() != null ? x.fingerprint() : NullNode.getInstance();
        front.exchange(new ExchangeSummary<>(x.id(), x.ts(), x.account(), x.ip(), x.model(), x.usageOrNone(),
                body ? PromptParts.of(x.request()) : null, fingerprint));
    }

    /** End of the log: drains the reorder buffer and applies the registry entries that remain. */
    public void finish() {
        front.finish();
        while (nextAccount < pending.size()) {
            engine.onAccount(pending.get(nextAccount++));
        }
    }

    /** Applies the registry entries created up to the exchange's time, then the exchange. */
    private void release(FingerprintedExchange x) {
        Instant t = x.ts();
        while (nextAccount < pending.size() && !pending.get(nextAccount).created().isAfter(t)) {
            engine.onAccount(pending.get(nextAccount++));
        }
        engine.advanceTo(t);
        engine.onExchange(x);
        exchanges++;
    }

    public long exchanges() {
        return exchanges;
    }

    public long late() {
        return front.late();
    }

    public int maxBuffered() {
        return front.maxBuffered();
    }
}
