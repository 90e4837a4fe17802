package io.stillwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.access.AuthResult.Failure;
import io.stillwatch.access.Authenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway and an operator's {@code keys revoke} are separate processes on one data directory:
 * the second JVM reaches the database through H2's automatic mixed mode, and the first JVM's
 * authenticator picks the change up at its next poll.
 */
class TwoProcessTest {
    @TempDir
    Path dir;

    @Test
    void revokeInOtherProcess_whileOpenHere_rejectedAfterNextPoll() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        try (Store store = EmbeddedStore.open(dir, StoreOptions.defaults().withClock(clock)
                .withKeyCachePoll(StoreContractTest.POLL), Runnable::run)) {
            store.upsertAccounts(List.of(StoreContractTest.fullAccount("acct_1")));
            IssuedKey k = store.createKey("acct_1", null);
            Authenticator auth = store.authenticator();
            assertThat(auth.authenticate(k.secret().reveal()).authenticated()).isTrue();

            String out = runOtherJvm("revoke", dir.toString(), k.key().keyId());
            assertThat(out).contains("done");

            assertThat(auth.authenticate(k.secret().reveal()).authenticated()).isTrue(); // not polled yet
            clock.advance(StoreContractTest.POLL);
            auth.authenticate("poll now");
            assertThat(auth.authenticate(k.secret().reveal()).failure()).isEqualTo(Failure.REVOKED_KEY);
        }
    }

    @Test
    void otherProcessOwnsFileThenExits_storeHereKeepsWorking() throws Exception {
        Process holder = otherJvm("hold", dir.toString()).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.equals("ready")) {
                // skip logging
            }
            assertThat(line).as("holder started").isEqualTo("ready");
            MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
            try (Store store = EmbeddedStore.open(dir, StoreOptions.defaults().withClock(clock)
                    .withKeyCachePoll(StoreContractTest.POLL), Runnable::run)) {
                // connected through the holder's auto-server
                store.upsertAccounts(List.of(StoreContractTest.fullAccount("acct_1")));
                IssuedKey first = store.createKey("acct_1", null);
                Authenticator auth = store.authenticator();

                holder.getOutputStream().close(); // the owner exits: this process takes the file over
                assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();

                IssuedKey second = store.createKey("acct_1", null);
                clock.advance(StoreContractTest.POLL);
                auth.authenticate("poll now");
                assertThat(auth.authenticate(first.secret().reveal()).authenticated()).isTrue();
                assertThat(auth.authenticate(second.secret().reveal()).authenticated()).isTrue();
                assertThat(store.keys("acct_1")).hasSize(2);
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    private static ProcessBuilder otherJvm(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                OtherProcessMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    private static String runOtherJvm(String... args) throws IOException, InterruptedException {
        Process p = otherJvm(args).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("other JVM finished; output: %s", output).isTrue();
        assertThat(p.exitValue()).as("other JVM exit; output: %s", output).isZero();
        return output;
    }
}
