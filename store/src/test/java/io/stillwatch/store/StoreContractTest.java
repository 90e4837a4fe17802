package io.stillwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.access.AuthResult;
import io.stillwatch.access.AuthResult.Failure;
import io.stillwatch.access.Authenticator;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Kyc;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have, written once; each backend extends it with how to
 * open a store and a second store on the same data (as another process would).
 */
abstract class StoreContractTest {
    static final Duration POLL = Duration.ofSeconds(1);

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    protected Store store;
    private final List<Store> opened = new ArrayList<>();

    /** A store whose key cache polls every {@link #POLL} on the calling thread (deterministic). */
    protected abstract Store openStore(MutableClock clock);

    /** Another store on the same data as every store opened by {@link #openStore}. */
    protected abstract Store openSecondStore(MutableClock clock);

    @BeforeEach
    void openFirst() {
        store = track(openStore(clock));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Store::close);
    }

    protected Store track(Store s) {
        opened.add(s);
        return s;
    }

    static AccountRecord fullAccount(String id) {
        return new AccountRecord(id, Instant.parse("2026-04-22T10:00:00.123Z"), "org_" + id, id + "@example.com",
                "pm_9f" + id, "2001:db8::1", "DE", List.of("DE", "FR"), Kyc.VERIFIED, "pro");
    }

    static AccountRecord minimalAccount(String id) {
        return new AccountRecord(id, Instant.parse("2026-04-23T00:00:00Z"), null, null, null, null, null, List.of(),
                null, null);
    }

    @Test
    void upsertAccounts_fullAndMinimal_readBackEqualsContractRecord() {
        AccountRecord full = fullAccount("acct_1");
        AccountRecord minimal = minimalAccount("acct_2");
        ImportSummary s = store.upsertAccounts(List.of(full, minimal));
        assertThat(s).isEqualTo(new ImportSummary(2, 2));
        assertThat(store.account("acct_1")).contains(full);
        assertThat(store.account("acct_2")).contains(minimal);
        assertThat(store.account("acct_3")).isEmpty();
        assertThat(store.accounts(null, 10)).containsExactly(full, minimal);
        assertThat(store.accounts("acct_1", 10)).containsExactly(minimal);
    }

    @Test
    void upsertAccounts_again_idempotentAndReplacesFields() {
        store.upsertAccounts(List.of(fullAccount("acct_1"), minimalAccount("acct_2")));
        AccountRecord changed = new AccountRecord("acct_2", Instant.parse("2026-04-23T00:00:00Z"), null, null,
                "pm_new", null, "FR", List.of("FR"), Kyc.BASIC, "free");
        ImportSummary again = store.upsertAccounts(List.of(fullAccount("acct_1"), changed));
        assertThat(again.added()).isZero();
        assertThat(again.replaced()).isEqualTo(2);
        assertThat(store.accountCount()).isEqualTo(2);
        assertThat(store.account("acct_2")).contains(changed);
    }

    @Test
    void importAccounts_sourceFailsMidway_storesNothing() {
        Iterator<AccountRecord> it = List.of(fullAccount("a1"), fullAccount("a2")).iterator();
        assertThatThrownBy(() -> store.importAccounts(() -> {
            if (it.hasNext()) {
                return it.next();
            }
            throw new IOException("truncated input");
        })).isInstanceOf(IOException.class).hasMessage("truncated input");
        assertThat(store.accountCount()).isZero();
    }

    @Test
    void createKey_thenAuthenticate_okWithAccountAndKeyId() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey k = store.createKey("acct_1", "ci runner");
        assertThat(k.key().accountId()).isEqualTo("acct_1");
        assertThat(k.key().name()).isEqualTo("ci runner");
        assertThat(k.key().hint()).isEqualTo(k.secret().hint());
        assertThat(k.key().status(clock.instant())).isEqualTo(ApiKeyInfo.Status.ACTIVE);
        assertThat(store.authenticator().authenticate(k.secret().reveal()))
                .isEqualTo(AuthResult.ok("acct_1", k.key().keyId()));
        assertThat(store.keys("acct_1")).containsExactly(k.key());
        assertThat(store.key(k.key().keyId())).contains(k.key());
    }

    @Test
    void createKey_afterAuthenticatorStarted_acceptedAfterPoll() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        Authenticator auth = store.authenticator();
        IssuedKey k = store.createKey("acct_1", null);
        clock.advance(POLL);
        auth.authenticate("poll now");
        assertThat(auth.authenticate(k.secret().reveal()).authenticated()).isTrue();
    }

    @Test
    void createKey_unknownAccount_rejectedNamingIt() {
        assertThatThrownBy(() -> store.createKey("acct_nope", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown account 'acct_nope'");
    }

    @Test
    void authenticate_unknownOrForgedKey_unknown() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey k = store.createKey("acct_1", null);
        String s = k.secret().reveal();
        String forged = s.substring(0, s.length() - 1) + (s.endsWith("a") ? "b" : "a");
        assertThat(store.authenticator().authenticate(forged).failure()).isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(store.authenticator().authenticate("sk-ant-api03-xyz").failure()).isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(store.authenticator().authenticate("").failure()).isEqualTo(Failure.MISSING_KEY);
    }

    @Test
    void revokeKey_thenAfterPoll_revoked() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey k = store.createKey("acct_1", null);
        Authenticator auth = store.authenticator();
        ApiKeyInfo revoked = store.revokeKey(k.key().keyId());
        assertThat(revoked.status(clock.instant())).isEqualTo(ApiKeyInfo.Status.REVOKED);
        clock.advance(POLL);
        auth.authenticate("poll now");
        assertThat(auth.authenticate(k.secret().reveal()).failure()).isEqualTo(Failure.REVOKED_KEY);
        assertThat(store.revokeKey(k.key().keyId())).isEqualTo(revoked); // idempotent
    }

    @Test
    void rotateKey_withGrace_oldSecretUntilGraceThenExpired() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey old = store.createKey("acct_1", null);
        Authenticator auth = store.authenticator();
        IssuedKey rotated = store.rotateKey(old.key().keyId(), Duration.ofHours(24));
        assertThat(rotated.key().keyId()).isEqualTo(old.key().keyId());
        assertThat(rotated.secret()).isNotEqualTo(old.secret());
        assertThat(rotated.key().status(clock.instant())).isEqualTo(ApiKeyInfo.Status.ROTATING);
        clock.advance(POLL);
        auth.authenticate("poll now");
        assertThat(auth.authenticate(rotated.secret().reveal()).authenticated()).isTrue();
        assertThat(auth.authenticate(old.secret().reveal()).authenticated()).isTrue();
        clock.advance(Duration.ofHours(24));
        assertThat(auth.authenticate(old.secret().reveal()).failure()).isEqualTo(Failure.EXPIRED_KEY);
        assertThat(auth.authenticate(rotated.secret().reveal()).authenticated()).isTrue();
        assertThat(store.key(old.key().keyId()).orElseThrow().status(clock.instant()))
                .isEqualTo(ApiKeyInfo.Status.ACTIVE);
    }

    @Test
    void rotateKey_twice_secretBeforeLastRejectedAtOnce() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey first = store.createKey("acct_1", null);
        IssuedKey second = store.rotateKey(first.key().keyId(), Duration.ofHours(1));
        IssuedKey third = store.rotateKey(first.key().keyId(), Duration.ZERO);
        Authenticator auth = store.authenticator();
        assertThat(auth.authenticate(first.secret().reveal()).failure()).isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(auth.authenticate(second.secret().reveal()).failure()).isEqualTo(Failure.EXPIRED_KEY);
        assertThat(auth.authenticate(third.secret().reveal()).authenticated()).isTrue();
    }

    @Test
    void rotateKey_revokedOrUnknownOrNegativeGrace_rejected() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey k = store.createKey("acct_1", null);
        assertThatThrownBy(() -> store.rotateKey(k.key().keyId(), Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grace: PT-1H (expected: >= 0)");
        store.revokeKey(k.key().keyId());
        assertThatThrownBy(() -> store.rotateKey(k.key().keyId(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is revoked");
        assertThatThrownBy(() -> store.rotateKey("kaaaaaaaaaaaaaaa", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'kaaaaaaaaaaaaaaa'");
    }

    @Test
    void errors_secretPassedAsId_neverEchoed() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        String secret = store.createKey("acct_1", null).secret().reveal();
        List<Throwable> errors = new ArrayList<>();
        for (Runnable r : List.<Runnable>of(
                () -> store.revokeKey(secret),
                () -> store.rotateKey(secret, Duration.ZERO),
                () -> store.createKey(secret, null))) {
            try {
                r.run();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        assertThat(errors).hasSize(3).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(secret)
                .doesNotContain(secret.substring(20)));
        assertThat(store.key(secret)).isEmpty();
    }

    @Test
    void keys_listedInfo_neverContainsSecret() {
        store.upsertAccounts(List.of(fullAccount("acct_1"), fullAccount("acct_2")));
        IssuedKey a = store.createKey("acct_1", "a");
        IssuedKey b = store.createKey("acct_2", "b");
        List<ApiKeyInfo> all = store.keys(null);
        assertThat(all).extracting(ApiKeyInfo::keyId).containsExactlyInAnyOrder(a.key().keyId(), b.key().keyId());
        for (IssuedKey k : List.of(a, b)) {
            String secretPart = k.secret().reveal().substring(ApiKeyFormatLength.SECRET_START);
            assertThat(all.toString()).doesNotContain(secretPart.substring(0, 20));
            assertThat(k.toString()).doesNotContain(secretPart.substring(0, 20));
        }
    }

    @Test
    void secondStore_sameData_seesAccountsAndKeyChangesBothWays() {
        Store other = track(openSecondStore(clock));
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        assertThat(other.account("acct_1")).contains(fullAccount("acct_1"));
        Authenticator otherAuth = other.authenticator();
        Authenticator auth = store.authenticator();
        IssuedKey k = store.createKey("acct_1", null);
        clock.advance(POLL);
        otherAuth.authenticate("poll now");
        assertThat(otherAuth.authenticate(k.secret().reveal()).authenticated()).isTrue();

        other.revokeKey(k.key().keyId());
        clock.advance(POLL);
        auth.authenticate("poll now");
        assertThat(auth.authenticate(k.secret().reveal()).failure()).isEqualTo(Failure.REVOKED_KEY);
    }

    /** Offsets into a key, {@code sw-<16-char key id>-<secret>}. */
    static final class ApiKeyFormatLength {
        static final int SECRET_START = "sw-".length() + 16 + 1;
    }
}
