package io.stillwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stillwatch.detect.fingerprint.PromptParts;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.codec.MalformedLineException;
import io.stillwatch.model.codec.ReadAhead;
import io.stillwatch.model.codec.RecordSource;
import java.io.IOException;
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
 *
 * <p>Two ways to drive it, not to be mixed: {@link #run} replays a whole log with the front half (reorder
 * and fingerprint) on a thread of its own, handing fingerprinted exchanges to the engine on the caller's
 * thread; {@link #exchange} and {@link #finish} do all of it on the caller's thread, one exchange at a
 * time. Both give the engine the same calls in the same order.
 */
public final class Replay {
    /** Hand-off from the fingerprinting thread to the engine: 256 exchanges a batch, 32 batches ahead. */
    private static final int BATCH = 256;
    private static final int AHEAD = 32;

    private final DetectionEngine engine;
    private final List<AccountRecord> pending;
    private final Duration allowedDisorder;
    /** Reorders and fingerprints: made by {@link #run} on its thread, or by the first {@link #exchange}. */
    private FingerprintStage front;
    private int nextAccount;
    private long exchanges;
    private volatile long received;

    /** @param accounts the whole registry, in any order */
    public Replay(DetectionEngine engine, List<AccountRecord> accounts, Duration allowedDisorder) {
        this.engine = engine;
        this.pending = new ArrayList<>(accounts);
        this.pending.sort(Comparator.comparing(AccountRecord::created));
        this.allowedDisorder = allowedDisorder;
    }

    /**
     * Replays a whole log, then {@link #finish()}es: the log is read, reordered and fingerprinted on a
     * thread of its own ("replay-fingerprint"), at most a few thousand exchanges ahead, while the caller's
     * thread applies registry entries and exchanges to the engine in event-time order, exactly as
     * {@link #exchange}. An error of the log or of the fingerprinting thread is thrown here, once the
     * exchanges fingerprinted before it have reached the engine (those still in the reorder buffer do not); an
     * error on the caller's thread (the engine, {@code afterEach}) stops the other thread before it is thrown.
     *
     * @param afterEach run on the caller's thread after each exchange the engine has taken (progress)
     */
    public void run(RecordSource<ExchangeSummary<PromptParts>> log, Runnable afterEach)
            throws IOException, MalformedLineException {
        if (front != null) {
            throw new IllegalStateException("this replay has already taken exchanges");
        }
        try (ReadAhead<FingerprintedExchange> fingerprinted = new ReadAhead<>(sink -> {
            FingerprintStage stage = new FingerprintStage(allowedDisorder, sink);
            front = stage; // read by late() and finish() once this thread has ended
            long n = 0;
            ExchangeSummary<PromptParts> x;
            while ((x = log.next()) != null) {
                stage.exchange(x);
                if ((++n & 1023) == 0) {
                    received = n; // for progress lines; once in a while, as it is shared
                }
            }
            received = n;
            stage.finish();
        }, () -> { }, BATCH, AHEAD, "replay-fingerprint")) {
            FingerprintedExchange x;
            while ((x = fingerprinted.next()) != null) {
                // the next exchange's state is read ahead, its cache misses together (a hint: changes nothing else)
                FingerprintedExchange next = fingerprinted.peek();
                if (next != null) {
                    engine.prefetch(next);
                }
                release(x);
                afterEach.run();
            }
        }
        // the fingerprinting thread has ended (its end marker came last): its counts are visible here
        finish();
    }

    /** Exchanges read from the log so far by {@link #run} (any thread; updated every 1,024). */
    public long received() {
        return received;
    }

    /** An exchange as the log reader summarises it, in log order. */
    public void exchange(ExchangeSummary<PromptParts> x) {
        serialFront().exchange(x);
    }

    /** A whole exchange record, in log order; a request that is no JSON object counts as its fingerprint. */
    public void exchange(ExchangeRecord x) {
        serialFront().exchange(summary(x));
    }

    /** A whole exchange record as the log reader would summarise it. */
    static ExchangeSummary<PromptParts> summary(ExchangeRecord x) {
        boolean body = x.request() != null && x.request().isObject();
        // a null node where neither is readable, so the stage counts the exchange as unreadable
        JsonNode fingerprint = body || x.fingerprint() != null ? x.fingerprint() : NullNode.getInstance();
        return new ExchangeSummary<>(x.id(), x.ts(), x.account(), x.ip(), x.model(), x.usageOrNone(),
                body ? PromptParts.of(x.request()) : null, fingerprint);
    }

    /**
     * End of the log: drains the reorder buffer and applies the registry entries that remain ({@link #run}
     * calls it).
     */
    public void finish() {
        if (front != null) {
            front.finish();
        }
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
        return front == null ? 0 : front.late();
    }

    public int maxBuffered() {
        return front == null ? 0 : front.maxBuffered();
    }

    private FingerprintStage serialFront() {
        if (front == null) {
            front = new FingerprintStage(allowedDisorder, this::release);
        }
        return front;
    }
}
