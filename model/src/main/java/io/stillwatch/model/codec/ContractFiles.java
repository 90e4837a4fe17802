package io.stillwatch.model.codec;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import java.io.IOException;
import java.nio.file.Path;

/** Entry points for the contract's two JSON Lines files. Plain or gzip by the {@code .gz} suffix. */
public final class ContractFiles {
    private ContractFiles() {
    }

    public static JsonLinesReader<ExchangeRecord> readExchanges(Path path, OnMalformed onMalformed) throws IOException {
        return JsonLinesReader.open(path, ExchangeLogCodec.INSTANCE, onMalformed);
    }

    /**
     * Reads the exchange log for detection: each line checked as {@link #readExchanges} checks it, the
     * request body handed to {@code requestReader} instead of kept as a tree; a gzip file is inflated on a
     * thread of its own.
     */
    public static <P> JsonLinesReader<ExchangeSummary<P>> readExchangeSummaries(Path path, OnMalformed onMalformed,
            RequestReader<P> requestReader) throws IOException {
        return JsonLinesReader.openInflatingAhead(path, ExchangeLogCodec.summaries(requestReader), onMalformed);
    }

    public static JsonLinesReader<AccountRecord> readAccounts(Path path, OnMalformed onMalformed) throws IOException {
        return JsonLinesReader.open(path, AccountRegistryCodec.INSTANCE, onMalformed);
    }

    public static JsonLinesWriter<ExchangeRecord> writeExchanges(Path path) throws IOException {
        return JsonLinesWriter.create(path, ExchangeLogCodec.INSTANCE);
    }

    public static JsonLinesWriter<ExchangeRecord> writeExchanges(Path path, int gzipLevel) throws IOException {
        return JsonLinesWriter.create(path, ExchangeLogCodec.INSTANCE, gzipLevel);
    }

    public static JsonLinesWriter<AccountRecord> writeAccounts(Path path) throws IOException {
        return JsonLinesWriter.create(path, AccountRegistryCodec.INSTANCE);
    }
}
