package io.stillwatch.access.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.access.AuthResult;
import io.stillwatch.access.AuthResult.Failure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingAuthenticatorTest {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private final SecretHasher hasher = new SecretHasher(Pepper.of(seeded(32, 7)));
    private final ApiKeyFormat format = new ApiKeyFormat(new SecureRandom());
    private final FakeSource source = new FakeSource();
    private final List<Runnable> queued = new ArrayList<>();
    private CachingAuthenticator auth;
    private String keyId;
    private Secret secret;

    @BeforeEach
    void setUp() {
        keyId = format.newKeyId();
        secret = format.newSecret(keyId);
        source.put(new KeyCredential(keyId, "acct_1", hasher.hash(secret), null, null, null));
        auth = CachingAuthenticator.start(source, hasher, clock, POLL, queued::add);
    }

    @Test
    void authenticate_currentSecret_okWithAccountAndKey() {
        assertThat(auth.authenticate(secret.reveal())).isEqualTo(AuthResult.ok("acct_1", keyId));
    }

    @Test
    void authenticate_nullOrBlank_missingKey() {
        assertThat(auth.authenticate(null).failure()).isEqualTo(Failure.MISSING_KEY);
        assertThat(auth.authenticate("  ").failure()).isEqualTo(Failure.MISSING_KEY);
    }

    @Test
    void authenticate_wrongSecretForKnownKeyId_unknownKey() {
        Secret forged = format.newSecret(keyId);
        assertThat(auth.authenticate(forged.reveal()).failure()).isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void authenticate_otherShapes_unknownKey() {
        assertThat(auth.authenticate("sk-proj-whatever").failure()).isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(auth.authenticate(format.newSecret(format.newKeyId()).reveal()).failure())
                .isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(auth.authenticate("x".repeat(100_000)).failure()).isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void authenticate_revokedInStore_acceptedUntilPollThenRevoked() {
        source.put(new KeyCredential(keyId, "acct_1", hasher.hash(secret), null, null, clock.instant()));
        clock.advance(POLL.minusMillis(1));
        assertThat(auth.authenticate(secret.reveal()).authenticated()).isTrue(); // not yet polled
        assertThat(queued).isEmpty();
        clock.advance(Duration.ofMillis(1));
        // the request that finds the poll due does not wait for it...
        assertThat(auth.authenticate(secret.reveal()).authenticated()).isTrue();
        assertThat(queued).hasSize(1);
        // ...and once the poll ran, the key is rejected
        runQueued();
        assertThat(auth.authenticate(secret.reveal()).failure()).isEqualTo(Failure.REVOKED_KEY);
    }

    @Test
    void authenticate_revokedKeyWithWrongSecret_unknownNotRevoked() {
        source.put(new KeyCredential(keyId, "acct_1", hasher.hash(secret), null, null, clock.instant()));
        auth.refresh();
        assertThat(auth.authenticate(format.newSecret(keyId).reveal()).failure()).isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void authenticate_rotated_previousSecretUntilGraceThenExpired() {
        Secret next = format.newSecret(keyId);
        Instant graceEnd = clock.instant().plus(Duration.ofHours(24));
        source.put(new KeyCredential(keyId, "acct_1", hasher.hash(next), hasher.hash(secret), graceEnd, null));
        auth.refresh();
        assertThat(auth.authenticate(next.reveal()).authenticated()).isTrue();
        assertThat(auth.authenticate(secret.reveal()).authenticated()).isTrue();
        clock.advance(Duration.ofHours(24).minusMillis(1));
        assertThat(auth.authenticate(secret.reveal()).authenticated()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(auth.authenticate(secret.reveal()).failure()).isEqualTo(Failure.EXPIRED_KEY);
        assertThat(auth.authenticate(next.reveal()).authenticated()).isTrue();
    }

    @Test
    void refresh_sourceFails_keepsSnapshotAndRetriesNextInterval() {
        source.failing = true;
        clock.advance(POLL);
        auth.authenticate(secret.reveal());
        runQueued();
        assertThat(auth.authenticate(secret.reveal()).authenticated()).isTrue();
        source.failing = false;
        source.put(new KeyCredential(keyId, "acct_1", hasher.hash(secret), null, null, clock.instant()));
        clock.advance(POLL);
        auth.authenticate(secret.reveal());
        runQueued();
        assertThat(auth.authenticate(secret.reveal()).failure()).isEqualTo(Failure.REVOKED_KEY);
    }

    @Test
    void refresh_onlyChangesAfterVersion_areRead() {
        long v = auth.version();
        String other = format.newKeyId();
        Secret otherSecret = format.newSecret(other);
        source.put(new KeyCredential(other, "acct_2", hasher.hash(otherSecret), null, null, null));
        auth.refresh();
        assertThat(source.lastAskedSince).isEqualTo(v);
        assertThat(auth.version()).isEqualTo(v + 1);
        assertThat(auth.size()).isEqualTo(2);
        assertThat(auth.authenticate(otherSecret.reveal())).isEqualTo(AuthResult.ok("acct_2", other));
    }

    @Test
    void start_badPollInterval_rejectedWithMessage() {
        assertThatThrownBy(() -> CachingAuthenticator.start(source, hasher, clock, Duration.ZERO, Runnable::run))
                .hasMessage("pollInterval: PT0S (expected: > 0)");
    }

    @Test
    void authenticate_outcome_neverContainsSecret() {
        for (String presented : List.of(secret.reveal(), format.newSecret(keyId).reveal(), "garbage-secret")) {
            assertThat(auth.authenticate(presented).toString()).doesNotContain(presented);
        }
    }

    private void runQueued() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    private static byte[] seeded(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Versioned in-memory credentials, like the store's change feed. */
    static final class FakeSource implements KeyCredentialSource {
        private final List<KeyCredential> rows = new ArrayList<>();
        private final List<Long> versions = new ArrayList<>();
        private long version;
        boolean failing;
        long lastAskedSince = -1;

        synchronized void put(KeyCredential c) {
            version++;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).keyId().equals(c.keyId())) {
                    rows.remove(i);
                    versions.remove(i);
                    break;
                }
            }
            rows.add(c);
            versions.add(version);
        }

        @Override
        public synchronized Changes changesSince(long since) {
            if (failing) {
                throw new IllegalStateException("database unavailable");
            }
            lastAskedSince = since;
            List<KeyCredential> out = new ArrayList<>();
            long max = since;
            for (int i = 0; i < rows.size(); i++) {
                if (versions.get(i) > since) {
                    out.add(rows.get(i));
                    max = Math.max(max, versions.get(i));
                }
            }
            return new Changes(out, max);
        }
    }
}
