package io.stillwatch.detect;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Drives a {@link DetectionEngine} over recorded data as a live system would have seen it: registry
 * entries enter at their {@code created} time, exchanges in event-time order restored by a
 * {@link ReorderBuffer}, the two merged into one event-time stream. Nothing from the future is used:
 * an account exists for the engine only from its sign-up, so a link to an account created later
 * exists only from that later time.
 */
public final class Replay {
    private final DetectionEngine engine;
    private final List<AccountRecord> pending;
    private final ReorderBuffer<ExchangeRecord> buffer;
    private int nextAccount;
    private long exchanges;

    /** @param accounts the whole registry, in any order */
    public Replay(DetectionEngine engine, List<AccountRecord> accounts, Duration allowedDisorder) {
        this.engine = engine;
        this.pending = new ArrayList<>(accounts);
        this.pending.sort(Comparator.comparing(AccountRecord::created));
        this.buffer = new ReorderBuffer<>(allowedDisorder, x -> x.ts().toEpochMilli(), this::release);
    }

    public void exchange(ExchangeRecord x) {
        buffer.add(x);
    }

    /** End of the log: drains the buffer (if {@link #exchange} was used) and applies the registry entries that remain. */
    public void finish() {
        buffer.flush();
        while (nextAccount < pending.size()) {
            engine.onAccount(pending.get(nextAccount++));
        }
    }

    /**
     * An exchange already in event-time order and fingerprinted ({@link FingerprintStage}, possibly on
     * another thread); used instead of {@link #exchange}, not with it.
     */
    public void exchangeInOrder(FingerprintedExchange x) {
        accountsUntil(x.ts());
        engine.onExchange(x);
        exchanges++;
    }

    private void release(ExchangeRecord x) {
        accountsUntil(x.ts());
        engine.onExchange(x);
        exchanges++;
    }

    /** Applies the registry entries created up to {@code t}, then moves the engine's clock to {@code t}. */
    private void accountsUntil(Instant t) {
        while (nextAccount < pending.size() && !pending.get(nextAccount).created().isAfter(t)) {
            engine.onAccount(pending.get(nextAccount++));
        }
        engine.advanceTo(t);
    }

    public long exchanges() {
        return exchanges;
    }

    public long late() {
        return buffer.late();
    }

    public int maxBuffered() {
        return buffer.maxBuffered();
    }
}
