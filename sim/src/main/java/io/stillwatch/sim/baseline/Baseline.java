package io.stillwatch.sim.baseline;

import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.MalformedLineException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * A reference detector: sees the exchange log once, in file order, and reports the accounts it would
 * act on. The baselines are deliberately what an ordinary gateway does, so every score of the real
 * detector has an honest point of comparison.
 */
public interface Baseline {

    void observe(ExchangeRecord x);

    /** The report after everything was observed; {@code registryAccounts} is the registry's size. */
    DetectionReport report(long registryAccounts);

    /** Runs a baseline over a log file (plain or .gz), calling {@code progress} with the count read. */
    static DetectionReport run(Baseline b, Path exchanges, long registryAccounts, LongConsumer progress)
            throws IOException, MalformedLineException {
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(exchanges, OnMalformed.STOP)) {
            ExchangeRecord x;
            long n = 0;
            while ((x = r.next()) != null) {
                b.observe(x);
                if ((++n & 65535) == 0) {
                    progress.accept(n);
                }
            }
        }
        return b.report(registryAccounts);
    }
}
