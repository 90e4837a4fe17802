package io.stillwatch.app.cli;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.Rfc3339;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stillwatch check}: validates an exchange log and/or account registry against the contract
 * and summarises them. Exit 0 when every line is valid, 65 otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate exchange-log and account-registry files against the contract and summarise them.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--exchanges", paramLabel = "FILE", description = "Exchange log (JSON Lines, plain or .gz).")
    Path exchanges;

    @Option(names = "--accounts", paramLabel = "FILE", description = "Account registry (JSON Lines, plain or .gz).")
    Path accounts;

    @Option(names = "--skip-malformed",
            description = "Skip malformed lines and count them instead of stopping at the first one.")
    boolean skipMalformed;

    @Override
    public Integer call() throws Exception {
        if (exchanges == null && accounts == null) {
            throw new IllegalArgumentException("nothing to check: give --exchanges and/or --accounts");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        OnMalformed policy = skipMalformed ? OnMalformed.SKIP : OnMalformed.STOP;
        long skipped = 0;
        if (accounts != null) {
            try (JsonLinesReader<AccountRecord> r = ContractFiles.readAccounts(accounts, policy)) {
                r.onSkip(e -> err.println("skipped " + e.getMessage()));
                long n = 0;
                TreeMap<String, Long> byKyc = new TreeMap<>();
                AccountRecord a;
                while ((a = r.next()) != null) {
                    n++;
                    byKyc.merge(a.kyc() == null ? "(absent)" : a.kyc().wire(), 1L, Long::sum);
                }
                out.printf("accounts: %s: %d valid, %d malformed; kyc %s%n", accounts, n, r.skipped(), byKyc);
                skipped += r.skipped();
            }
        }
        if (exchanges != null) {
            skipped += checkExchanges(out, err, policy);
        }
        out.flush();
        return skipped == 0 ? 0 : 65;
    }

    private long checkExchanges(java.io.PrintWriter out, java.io.PrintWriter err, OnMalformed policy)
            throws Exception {
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(exchanges, policy)) {
            r.onSkip(e -> err.println("skipped " + e.getMessage()));
            long[] n = {0};
            Progress progress = new Progress(err, 2000, () -> String.format("%,d exchanges checked", n[0]));
            TreeMap<String, Long> byApi = new TreeMap<>();
            TreeMap<Integer, Long> byStatus = new TreeMap<>();
            Instant first = null, last = null, max = null;
            Duration maxLag = Duration.ZERO;
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                n[0]++;
                progress.tick();
                byApi.merge(x.api(), 1L, Long::sum);
                byStatus.merge(x.status(), 1L, Long::sum);
                first = first == null || x.ts().isBefore(first) ? x.ts() : first;
                last = last == null || x.ts().isAfter(last) ? x.ts() : last;
                if (max != null && x.ts().isBefore(max)) {
                    Duration lag = Duration.between(x.ts(), max);
                    maxLag = lag.compareTo(maxLag) > 0 ? lag : maxLag;
                }
                max = max == null || x.ts().isAfter(max) ? x.ts() : max;
            }
            out.printf("exchanges: %s: %d valid, %d malformed%n", exchanges, n[0], r.skipped());
            if (first != null) {
                out.printf("  time range: %s .. %s; largest disorder: %ds%n",
                        Rfc3339.format(first), Rfc3339.format(last), maxLag.toSeconds());
            }
            out.printf("  by api: %s%n  by status: %s%n", byApi, byStatus);
            return r.skipped();
        }
    }
}
