package io.stillwatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.access.AuthResult.Failure;
import io.stillwatch.access.keys.ApiKeyFormat;
import io.stillwatch.app.StillwatchCommand;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.codec.AccountRegistryCodec;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.JsonLinesWriter;
import io.stillwatch.store.EmbeddedStore;
import io.stillwatch.store.Store;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The accounts and keys commands end to end, as {@code Main.run} executes them, with captured output. */
class StoreCommandsTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = StillwatchCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    static List<AccountRecord> accounts(int n, long seed) {
        Random r = new Random(seed);
        List<AccountRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean full = r.nextBoolean();
            out.add(full
                    ? new AccountRecord("acct_" + i, Instant.ofEpochMilli(1_770_000_000_000L + r.nextInt(1_000_000)),
                            "org_" + r.nextInt(10), "u" + i + "@example.com", "pm_" + r.nextInt(50), "10.0.0." + i % 250,
                            "DE", List.of("DE", "AT"), Kyc.values()[r.nextInt(3)], "pro")
                    : AccountRecord.unknown("acct_" + i, Instant.ofEpochMilli(1_770_000_000_000L)));
        }
        return out;
    }

    private Path registry(String name, List<AccountRecord> accounts) throws Exception {
        Path p = tmp.resolve(name);
        try (JsonLinesWriter<AccountRecord> w = ContractFiles.writeAccounts(p)) {
            for (AccountRecord a : accounts) {
                w.write(a);
            }
        }
        return p;
    }

    private static List<AccountRecord> parse(String jsonLines) throws Exception {
        List<AccountRecord> out = new ArrayList<>();
        try (JsonLinesReader<AccountRecord> r = JsonLinesReader.of(
                new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)), "stdout", false,
                AccountRegistryCodec.INSTANCE, OnMalformed.STOP)) {
            AccountRecord a;
            while ((a = r.next()) != null) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void accountsImport_gzTwice_idempotentAndReadsBackEqual() throws Exception {
        List<AccountRecord> accounts = accounts(50, 42);
        Path file = registry("accounts.jsonl.gz", accounts);
        Run first = run("accounts", "import", "--data", data(), file.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("50 stored (50 new, 0 replaced), 0 malformed skipped; 50 in store");
        Run second = run("accounts", "import", "--data", data(), file.toString());
        assertThat(second.out()).contains("50 stored (0 new, 50 replaced)").contains("50 in store");

        Run show = run("accounts", "show", "--data", data(), "acct_7");
        assertThat(show.exit()).isZero();
        assertThat(parse(show.out())).containsExactly(accounts.get(7));
        Run list = run("accounts", "list", "--data", data(), "--limit", "0");
        assertThat(parse(list.out())).containsExactlyInAnyOrderElementsOf(accounts);
        assertThat(run("accounts", "show", "--data", data(), "acct_nope").exit()).isEqualTo(1);
    }

    @Test
    void accountsImport_malformedLine_stopsStoringNothingOrSkips() throws Exception {
        Path file = registry("accounts.jsonl", accounts(5, 1));
        Files.writeString(file, "{\"account\": \"x\"}\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(file, Files.readString(registry("more.jsonl", accounts(3, 2)))
                .replace("acct_", "more_"), java.nio.file.StandardOpenOption.APPEND);
        Run stop = run("accounts", "import", "--data", data(), file.toString());
        assertThat(stop.exit()).isEqualTo(65);
        assertThat(stop.err()).contains("accounts.jsonl:6").contains("--skip-malformed");
        try (Store s = EmbeddedStore.open(Path.of(data()))) {
            assertThat(s.accountCount()).isZero();
        }
        Run skip = run("accounts", "import", "--data", data(), "--skip-malformed", file.toString());
        assertThat(skip.exit()).isZero();
        assertThat(skip.out()).contains("8 stored (8 new, 0 replaced), 1 malformed skipped");
    }

    @Test
    void keysLifecycle_createListRotateRevoke_secretOnlyOnCreateAndRotateStdout() throws Exception {
        run("accounts", "import", "--data", data(), registry("a.jsonl", accounts(3, 3)).toString());
        Run create = run("keys", "create", "--data", data(), "--account", "acct_1", "--name", "ci");
        assertThat(create.exit()).as(create.err()).isZero();
        String secret = create.out().strip();
        assertThat(create.out()).isEqualTo(secret + System.lineSeparator());
        String keyId = ApiKeyFormat.keyIdOf(secret).orElseThrow();
        assertThat(create.err()).contains(keyId).doesNotContain(secret.substring(25));

        Run list = run("keys", "list", "--data", data());
        assertThat(list.out()).contains(keyId).contains("acct_1").contains("ci").contains("active")
                .contains("..." + secret.substring(secret.length() - 4))
                .doesNotContain(secret.substring(20, secret.length() - 4));
        assertThat(list.err()).contains("1 key(s)");

        Run rotate = run("keys", "rotate", "--data", data(), keyId, "--grace", "24h");
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        String rotated = rotate.out().strip();
        assertThat(ApiKeyFormat.keyIdOf(rotated)).contains(keyId);
        assertThat(rotated).isNotEqualTo(secret);
        assertThat(rotate.err()).doesNotContain(rotated.substring(25)).contains("Previous secret valid until");
        try (Store s = EmbeddedStore.open(Path.of(data()))) {
            assertThat(s.authenticator().authenticate(secret).authenticated()).isTrue();
            assertThat(s.authenticator().authenticate(rotated).authenticated()).isTrue();
        }
        assertThat(run("keys", "list", "--data", data()).out()).contains("active (previous secret until");

        Run again = run("keys", "rotate", "--data", data(), keyId);
        String third = again.out().strip();
        try (Store s = EmbeddedStore.open(Path.of(data()))) {
            assertThat(s.authenticator().authenticate(rotated).failure()).isEqualTo(Failure.EXPIRED_KEY);
            assertThat(s.authenticator().authenticate(secret).failure()).isEqualTo(Failure.UNKNOWN_KEY);
            assertThat(s.authenticator().authenticate(third).authenticated()).isTrue();
        }

        Run revoke = run("keys", "revoke", "--data", data(), keyId);
        assertThat(revoke.exit()).isZero();
        assertThat(revoke.out()).contains(keyId + " acct_1 revoked at ");
        try (Store s = EmbeddedStore.open(Path.of(data()))) {
            assertThat(s.authenticator().authenticate(third).failure()).isEqualTo(Failure.REVOKED_KEY);
        }
        Run listed = run("keys", "list", "--data", data(), "--account", "acct_1");
        assertThat(listed.out()).contains("revoked");
        for (String s : List.of(secret, rotated, third)) {
            assertThat(listed.out() + listed.err() + revoke.out() + revoke.err()).doesNotContain(s.substring(20));
        }
    }

    @Test
    void keys_badInput_oneClearLineNoSecretEcho() throws Exception {
        run("accounts", "import", "--data", data(), registry("a.jsonl", accounts(2, 4)).toString());
        Run unknownAccount = run("keys", "create", "--data", data(), "--account", "acct_99");
        assertThat(unknownAccount.exit()).isEqualTo(2);
        assertThat(unknownAccount.err()).startsWith("stillwatch: unknown account 'acct_99'").doesNotContain("\tat ");

        String secret = run("keys", "create", "--data", data(), "--account", "acct_0").out().strip();
        Run pasted = run("keys", "revoke", "--data", data(), secret);
        assertThat(pasted.exit()).isEqualTo(2);
        assertThat(pasted.err()).contains("looks like a secret").doesNotContain(secret.substring(20));

        Run badGrace = run("keys", "rotate", "--data", data(), ApiKeyFormat.keyIdOf(secret).orElseThrow(),
                "--grace", "soon");
        assertThat(badGrace.exit()).isEqualTo(2);
        assertThat(badGrace.err()).contains("duration: 'soon' (expected:");

        Run unknownKey = run("keys", "revoke", "--data", data(), "kaaaaaaaaaaaaaaa");
        assertThat(unknownKey.exit()).isEqualTo(2);
        assertThat(unknownKey.err()).contains("unknown key 'kaaaaaaaaaaaaaaa'");
    }

    @Test
    void durationConverter_forms_parsed() {
        assertThat(DurationConverter.parse("24h")).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(DurationConverter.parse("0")).isEqualTo(java.time.Duration.ZERO);
        assertThat(DurationConverter.parse("7d")).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(DurationConverter.parse("PT1H30M")).isEqualTo(java.time.Duration.ofMinutes(90));
    }
}
