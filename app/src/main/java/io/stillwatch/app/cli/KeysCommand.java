package io.stillwatch.app.cli;

import io.stillwatch.model.codec.Rfc3339;
import io.stillwatch.store.ApiKeyInfo;
import io.stillwatch.store.IssuedKey;
import io.stillwatch.store.Store;
import io.stillwatch.store.StoreOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stillwatch keys create|list|revoke|rotate}. A secret is printed exactly once, alone on
 * standard output, by {@code create} and {@code rotate}; nothing else ever prints one.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list, revoke and rotate API keys. Keys are accepted as 'Authorization: Bearer KEY' "
                + "(OpenAI API) and 'x-api-key: KEY' (Anthropic API).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
            KeysCommand.Rotate.class})
public final class KeysCommand implements Runnable {
    private static final long POLL_SECONDS = StoreOptions.DEFAULT_KEY_CACHE_POLL.toSeconds();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key for an account and print its secret, alone, on standard output. "
                    + "It is shown only now: the store keeps a keyed hash, never the secret.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Option(names = "--account", paramLabel = "A", required = true, description = "Account id (from the registry).")
        String account;
        @Option(names = "--name", paramLabel = "N", description = "A label for the key, e.g. the client that uses it.")
        String name;

        @Override
        public Integer call() {
            try (Store store = data.open()) {
                IssuedKey k = store.createKey(account, name);
                PrintWriter out = spec.commandLine().getOut();
                out.println(k.secret().reveal());
                out.flush();
                spec.commandLine().getErr().printf("created key %s for account %s; the secret above is shown only "
                        + "now: store it safely. Running gateways accept it within about %d s.%n",
                        k.key().keyId(), k.key().accountId(), POLL_SECONDS);
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List keys: id, account, name, created, status and the last four characters of the "
                    + "secret, never the secret.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Option(names = "--account", paramLabel = "A", description = "Only this account's keys.")
        String account;

        @Override
        public Integer call() {
            try (Store store = data.open()) {
                List<ApiKeyInfo> keys = store.keys(account);
                Instant now = Instant.now();
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"KEY_ID", "ACCOUNT", "NAME", "CREATED", "STATUS", "SECRET"});
                for (ApiKeyInfo k : keys) {
                    rows.add(new String[] {k.keyId(), k.accountId(), k.name() == null ? "-" : k.name(),
                        Rfc3339.format(k.created()), status(k, now), "..." + k.hint()});
                }
                printTable(spec.commandLine().getOut(), rows);
                spec.commandLine().getErr().printf("%d key(s)%n", keys.size());
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key now. Running gateways reject it within about a second (their key cache poll).")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Parameters(paramLabel = "KEYID", description = "Key id, as shown by 'keys list'.")
        String keyId;

        @Override
        public Integer call() {
            try (Store store = data.open()) {
                ApiKeyInfo k = store.revokeKey(keyId);
                spec.commandLine().getOut().printf("%s %s revoked at %s%n", k.keyId(), k.accountId(),
                        Rfc3339.format(k.revoked()));
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().printf("running gateways reject key %s within about %d s%n",
                        k.keyId(), POLL_SECONDS);
                return 0;
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Issue a new secret for the same key id and print it, alone, on standard output. "
                    + "The previous secret keeps working for the grace period, then is rejected as expired; "
                    + "any older secret is rejected at once.")
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Parameters(paramLabel = "KEYID", description = "Key id, as shown by 'keys list'.")
        String keyId;
        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
                description = "How long the previous secret stays valid, e.g. 24h, 30m, 7d (default: 0, rejected "
                        + "at once).")
        Duration grace;

        @Override
        public Integer call() {
            try (Store store = data.open()) {
                IssuedKey k = store.rotateKey(keyId, grace);
                PrintWriter out = spec.commandLine().getOut();
                out.println(k.secret().reveal());
                out.flush();
                spec.commandLine().getErr().printf("rotated key %s (account %s); the new secret above is shown only "
                        + "now. Previous secret valid until %s. Running gateways accept the new secret within about "
                        + "%d s.%n", k.key().keyId(), k.key().accountId(),
                        Rfc3339.format(k.key().previousValidUntil()), POLL_SECONDS);
                return 0;
            }
        }
    }

    private static String status(ApiKeyInfo k, Instant now) {
        return switch (k.status(now)) {
            case REVOKED -> "revoked";
            case ROTATING -> "active (previous secret until " + Rfc3339.format(k.previousValidUntil()) + ")";
            case ACTIVE -> "active";
        };
    }

    private static void printTable(PrintWriter out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(line);
        }
        out.flush();
    }
}
