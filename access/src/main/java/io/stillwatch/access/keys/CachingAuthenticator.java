package io.stillwatch.access.keys;

import io.stillwatch.access.AuthResult;
import io.stillwatch.access.AuthResult.Failure;
import io.stillwatch.access.Authenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Authenticates API keys against an in-memory copy of every key's credential, kept current by
 * polling a {@link KeyCredentialSource} for changes at most once per {@code pollInterval}.
 *
 * <p>Why: the data path must not touch the database per request, yet a revocation or rotation made
 * by another process (the {@code keys} commands) must take effect within seconds. Each key change
 * carries a version from a single committed counter, so a poll is one indexed query
 * ("versions after v") that returns nothing most of the time. A revocation is therefore effective
 * after at most {@code pollInterval} plus one poll's duration. Expiry of a rotation grace period is
 * decided from the injected clock, with no poll needed.
 *
 * <p>A request whose clock reading finds a poll due hands the poll to {@code refreshExecutor} and
 * carries on with the current snapshot: request threads never wait on the store. A failed poll
 * keeps the current snapshot and is retried at the next interval.
 *
 * <p>Constant time: the presented key is always hashed (HMAC-SHA256, see {@link SecretHasher}) and
 * compared with {@link java.security.MessageDigest#isEqual}, also for unknown key ids, so timing
 * tells nothing about the secret. The outcome never carries the presented key.
 *
 * <p>Memory: one entry per key (key id, account id, one or two 32-byte hashes): about 300 bytes.
 */
public final class CachingAuthenticator implements Authenticator {
    private static final System.Logger LOG = System.getLogger(CachingAuthenticator.class.getName());
    private static final int MAX_PRESENTED_LENGTH = 512;
    private static final byte[] NO_MATCH = new byte[SecretHasher.HASH_BYTES];

    private final KeyCredentialSource source;
    private final SecretHasher hasher;
    private final Clock clock;
    private final long pollMillis;
    private final Executor refreshExecutor;
    private final ConcurrentHashMap<String, KeyCredential> byKeyId = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final Object refreshLock = new Object();
    private volatile long version;
    private volatile long nextPollMillis;

    private CachingAuthenticator(KeyCredentialSource source, SecretHasher hasher, Clock clock, Duration pollInterval,
                                 Executor refreshExecutor) {
        this.source = Objects.requireNonNull(source, "source");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: > 0)");
        }
        this.pollMillis = pollInterval.toMillis();
        this.refreshExecutor = Objects.requireNonNull(refreshExecutor, "refreshExecutor");
    }

    /**
     * Loads every credential from {@code source} now (failing loudly if it cannot), then serves
     * from memory and polls for changes every {@code pollInterval} on {@code refreshExecutor}.
     */
    public static CachingAuthenticator start(KeyCredentialSource source, SecretHasher hasher, Clock clock,
                                             Duration pollInterval, Executor refreshExecutor) {
        CachingAuthenticator a = new CachingAuthenticator(source, hasher, clock, pollInterval, refreshExecutor);
        a.refresh();
        return a;
    }

    @Override
    public AuthResult authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            return AuthResult.denied(Failure.MISSING_KEY);
        }
        Instant now = clock.instant();
        pollIfDue(now.toEpochMilli());
        if (presented.length() > MAX_PRESENTED_LENGTH) {
            return AuthResult.denied(Failure.UNKNOWN_KEY);
        }
        byte[] hash = hasher.hash(presented);
        Optional<String> keyId = ApiKeyFormat.keyIdOf(presented);
        KeyCredential c = keyId.isEmpty() ? null : byKeyId.get(keyId.get());
        if (c == null) {
            SecretHasher.sameHash(hash, NO_MATCH); // same work as for a known key
            return AuthResult.denied(Failure.UNKNOWN_KEY);
        }
        boolean current = SecretHasher.sameHash(hash, c.secretHashRef());
        byte[] prev = c.previousHashRef();
        boolean previous = SecretHasher.sameHash(hash, prev == null ? NO_MATCH : prev) && prev != null;
        if (!current && !previous) {
            return AuthResult.denied(Failure.UNKNOWN_KEY);
        }
        if (c.revokedAt() != null) { // immediate whatever the clocks say: no skew between processes delays it
            return AuthResult.denied(Failure.REVOKED_KEY);
        }
        if (current || now.isBefore(c.previousValidUntil())) {
            return AuthResult.ok(c.accountId(), c.keyId());
        }
        return AuthResult.denied(Failure.EXPIRED_KEY);
    }

    /** Applies every change since the last poll, now, on the calling thread. */
    public void refresh() {
        synchronized (refreshLock) {
            KeyCredentialSource.Changes changes = source.changesSince(version);
            for (KeyCredential c : changes.credentials()) {
                byKeyId.put(c.keyId(), c);
            }
            version = Math.max(version, changes.version());
            nextPollMillis = clock.millis() + pollMillis;
        }
    }

    /** The store version this cache reflects. */
    public long version() {
        return version;
    }

    /** Number of keys held in memory. */
    public int size() {
        return byKeyId.size();
    }

    private void pollIfDue(long nowMillis) {
        if (nowMillis < nextPollMillis || !refreshing.compareAndSet(false, true)) {
            return;
        }
        nextPollMillis = nowMillis + pollMillis;
        try {
            refreshExecutor.execute(this::refreshQuietly);
        } catch (RejectedExecutionException e) {
            refreshing.set(false);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "API key cache refresh failed; serving the previous snapshot "
                    + "(version " + version + ") and retrying in " + pollMillis + " ms: " + e);
        } finally {
            refreshing.set(false);
        }
    }
}
