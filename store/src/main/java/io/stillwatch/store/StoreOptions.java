package io.stillwatch.store;

import io.stillwatch.access.keys.Pepper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a store runs.
 *
 * @param clock        time of key creation, revocation and rotation, and of authentication
 * @param keyCachePoll how often the authenticator looks for key changes: the upper bound (plus one
 *                     poll) on how long a revoked key is still accepted
 * @param pepper       the HMAC key for stored secrets; empty: {@code STILLWATCH_KEY_PEPPER}
 *                     (base64) when set, else the {@code key-pepper} file in the data directory,
 *                     created on first use with mode 0600
 */
public record StoreOptions(Clock clock, Duration keyCachePoll, Optional<Pepper> pepper) {
    public static final Duration DEFAULT_KEY_CACHE_POLL = Duration.ofSeconds(1);
    public static final String PEPPER_ENV = "STILLWATCH_KEY_PEPPER";

    public StoreOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(keyCachePoll, "keyCachePoll");
        Objects.requireNonNull(pepper, "pepper");
        if (keyCachePoll.isNegative() || keyCachePoll.isZero() || keyCachePoll.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("keyCachePoll: " + keyCachePoll + " (expected: > 0 and <= PT5M)");
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(Clock.systemUTC(), DEFAULT_KEY_CACHE_POLL, Optional.empty());
    }

    public StoreOptions withClock(Clock c) {
        return new StoreOptions(c, keyCachePoll, pepper);
    }

    public StoreOptions withKeyCachePoll(Duration d) {
        return new StoreOptions(clock, d, pepper);
    }

    public StoreOptions withPepper(Pepper p) {
        return new StoreOptions(clock, keyCachePoll, Optional.of(p));
    }
}
