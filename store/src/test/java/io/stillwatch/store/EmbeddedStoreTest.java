package io.stillwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stillwatch.access.keys.Pepper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store openStore(MutableClock clock) {
        return EmbeddedStore.open(dir, options(clock), Runnable::run);
    }

    @Override
    protected Store openSecondStore(MutableClock clock) {
        return EmbeddedStore.open(dir, options(clock), Runnable::run);
    }

    private static StoreOptions options(MutableClock clock) {
        return StoreOptions.defaults().withClock(clock).withKeyCachePoll(POLL);
    }

    @Test
    void open_freshDir_migratesSchemaAndCreatesPrivateSecretFiles() throws Exception {
        assertThat(Files.exists(dir.resolve("stillwatch.mv.db"))).isTrue();
        for (String f : List.of(EmbeddedStore.PEPPER_FILE, EmbeddedStore.PASSWORD_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
                    .as(f).isEqualTo("rw-------");
        }
        String password = Files.readString(dir.resolve(EmbeddedStore.PASSWORD_FILE)).strip();
        try (Connection c = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("stillwatch") + ";AUTO_SERVER=TRUE", "stillwatch", password);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                applied.add(rs.getString(1) + ":" + rs.getBoolean(2));
            }
            assertThat(applied).containsExactly("1:true");
        }
    }

    @Test
    void open_newDataDir_createdPrivateAndServerOnLoopback() throws Exception {
        Path fresh = dir.resolve("parent").resolve("fresh");
        try (Store s = EmbeddedStore.open(fresh, options(clock), Runnable::run)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            assertThat(System.getProperty(EmbeddedStore.BIND_ADDRESS_PROPERTY)).isEqualTo("127.0.0.1");
            assertThat(s.accountCount()).isZero();
        }
    }

    @Test
    void open_again_keepsDataAndPepper() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey k = store.createKey("acct_1", null);
        store.close();
        try (Store reopened = EmbeddedStore.open(dir, StoreOptions.defaults().withClock(clock), Runnable::run)) {
            assertThat(reopened.account("acct_1")).contains(fullAccount("acct_1"));
            assertThat(reopened.authenticator().authenticate(k.secret().reveal()).authenticated()).isTrue();
        }
    }

    @Test
    void open_otherPepper_existingKeysNoLongerMatch() {
        store.upsertAccounts(List.of(fullAccount("acct_1")));
        IssuedKey k = store.createKey("acct_1", null);
        Pepper other = Pepper.of(new byte[32]);
        try (Store s = EmbeddedStore.open(dir, options(clock).withPepper(other), Runnable::run)) {
            assertThat(s.authenticator().authenticate(k.secret().reveal()).authenticated()).isFalse();
        }
    }

    @Test
    void open_pepperFileReadableByOthers_refusedWithChmodHint() throws Exception {
        store.close();
        Path pepper = dir.resolve(EmbeddedStore.PEPPER_FILE);
        Files.setPosixFilePermissions(pepper, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> EmbeddedStore.open(dir, options(clock), Runnable::run))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("permissions rw-r--r-- (expected: rw-------")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void options_badPoll_rejectedWithMessage() {
        assertThatThrownBy(() -> StoreOptions.defaults().withKeyCachePoll(java.time.Duration.ZERO))
                .hasMessage("keyCachePoll: PT0S (expected: > 0 and <= PT5M)");
        assertThat(StoreOptions.defaults().pepper()).isEqualTo(Optional.empty());
    }
}
