package io.stillwatch.app.cli;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.codec.AccountRegistryCodec;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.JsonLinesWriter;
import io.stillwatch.store.ImportSummary;
import io.stillwatch.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stillwatch accounts import|list|show}: the account registry held in the store. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "Load and inspect the account registry kept in the data directory.",
        subcommands = {AccountsCommand.Import.class, AccountsCommand.ListAccounts.class, AccountsCommand.Show.class})
public final class AccountsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Load an account registry (contract format, JSON Lines, plain or .gz) into the store: "
                    + "inserts new accounts and replaces known ones, in one transaction; running it twice is harmless.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Parameters(paramLabel = "FILE", description = "Account registry, e.g. accounts.jsonl or accounts.jsonl.gz.")
        Path file;
        @Option(names = "--skip-malformed",
                description = "Skip malformed lines and count them instead of stopping (and storing nothing).")
        boolean skipMalformed;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            OnMalformed policy = skipMalformed ? OnMalformed.SKIP : OnMalformed.STOP;
            try (JsonLinesReader<AccountRecord> reader = ContractFiles.readAccounts(file, policy);
                 Store store = data.open()) {
                reader.onSkip(e -> err.println("skipped " + e.getMessage()));
                long[] n = {0};
                Progress progress = new Progress(err, 2000, () -> String.format("%,d accounts read", n[0]));
                ImportSummary s = store.importAccounts(() -> {
                    AccountRecord a = reader.next();
                    if (a != null) {
                        n[0]++;
                        progress.tick();
                    }
                    return a;
                });
                out.printf("accounts: %s: %d stored (%d new, %d replaced), %d malformed skipped; %d in store "
                                + "(%.1f s, %,.0f/s)%n", file, s.records(), s.added(), s.replaced(), reader.skipped(),
                        store.accountCount(), progress.elapsedSeconds(), progress.rate(s.records()));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print stored accounts as contract JSON Lines, in id order.")
    static final class ListAccounts implements Callable<Integer> {
        private static final int PAGE = 1000;
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most N accounts (default: ${DEFAULT-VALUE}; 0: all).")
        long limit;

        @Override
        public Integer call() throws IOException {
            if (limit < 0) {
                throw new IllegalArgumentException("--limit: " + limit + " (expected: >= 0)");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = data.open()) {
                String after = null;
                long left = limit == 0 ? Long.MAX_VALUE : limit;
                while (left > 0) {
                    List<AccountRecord> page = store.accounts(after, (int) Math.min(PAGE, left));
                    if (page.isEmpty()) {
                        break;
                    }
                    printJsonLines(out, page);
                    left -= page.size();
                    after = page.get(page.size() - 1).account();
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one stored account as a contract JSON line; exit 1 if unknown.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDir data;
        @Parameters(paramLabel = "ACCOUNT", description = "Account id.")
        String account;

        @Override
        public Integer call() throws IOException {
            try (Store store = data.open()) {
                var found = store.account(account);
                if (found.isEmpty()) {
                    spec.commandLine().getErr().println("stillwatch: no account '" + account + "' in the store");
                    return 1;
                }
                printJsonLines(spec.commandLine().getOut(), List.of(found.get()));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    static void printJsonLines(PrintWriter out, List<AccountRecord> accounts) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonLinesWriter<AccountRecord> w = JsonLinesWriter.of(buf, AccountRegistryCodec.INSTANCE)) {
            for (AccountRecord a : accounts) {
                w.write(a);
            }
        }
        out.print(buf.toString(StandardCharsets.UTF_8));
    }
}
