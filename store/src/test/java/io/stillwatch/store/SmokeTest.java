package io.stillwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Kyc;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void open_freshDir_createsKeyAndAuthenticates() {
        try (Store s = EmbeddedStore.open(dir)) {
            AccountRecord a = new AccountRecord("acct_1", Instant.parse("2026-04-22T10:00:00.123Z"), "org", "e@x",
                    "pm_1", "10.0.0.1", "DE", List.of("DE", "FR"), Kyc.BASIC, "pro");
            s.upsertAccounts(List.of(a));
            assertThat(s.account("acct_1")).contains(a);
            IssuedKey k = s.createKey("acct_1", "ci");
            assertThat(s.authenticator().authenticate(k.secret().reveal()).authenticated()).isTrue();
        }
    }
}
