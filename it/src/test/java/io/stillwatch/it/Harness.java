package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.gateway.Gateway;
import io.stillwatch.gateway.GatewayConfig;
import io.stillwatch.gateway.Route;
import io.stillwatch.gateway.Upstream;
import io.stillwatch.gateway.mock.MockUpstream;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.store.EmbeddedStore;
import io.stillwatch.store.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A mock upstream, an embedded store with one account and key, and a gateway in front, all on
 * loopback ephemeral ports; plus a reader of the exchange log the gateway writes.
 */
final class Harness implements AutoCloseable {
    static final String UPSTREAM_CREDENTIAL = "upstream-credential-never-shown";
    static final String ACCOUNT = "acct_it_1";

    final MockUpstream mock;
    final Store store;
    final Gateway gateway;
    final String secret;
    final String keyId;

    Harness(Path dir, UnaryOperator<GatewayConfig.Builder> tweak) throws IOException {
        this(dir, false, tweak);
    }

    Harness(Path dir, boolean http2, UnaryOperator<GatewayConfig.Builder> tweak) throws IOException {
        this(dir, http2, 24, tweak);
    }

    /** With the mock answering {@code mockTokens} tokens (unpaced) to every request. */
    Harness(Path dir, boolean http2, int mockTokens, UnaryOperator<GatewayConfig.Builder> tweak) throws IOException {
        this(dir, http2, mockTokens, "mock-*", tweak);
    }

    /** With the mock serving the models that match {@code mockModels} (routes added by {@code tweak} come after). */
    Harness(Path dir, boolean http2, int mockTokens, String mockModels, UnaryOperator<GatewayConfig.Builder> tweak)
            throws IOException {
        mock = MockUpstream.start(new MockUpstream.Options("127.0.0.1", 0, 0, mockTokens, UPSTREAM_CREDENTIAL));
        store = EmbeddedStore.open(dir.resolve("data"));
        store.upsertAccounts(List.of(new AccountRecord(ACCOUNT, Instant.parse("2026-01-01T00:00:00Z"), null, null,
                null, null, null, null, null, null)));
        var issued = store.createKey(ACCOUNT, "it");
        secret = issued.secret().reveal();
        keyId = issued.key().keyId();
        Upstream upstream = new Upstream("mock", URI.create("http://127.0.0.1:" + mock.port()), UPSTREAM_CREDENTIAL,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1), http2);
        GatewayConfig.Builder b = GatewayConfig.builder().host("127.0.0.1").port(0).adminPort(0)
                .route(new Route(mockModels, upstream)).dataDir(dir.resolve("data"));
        gateway = Gateway.start(tweak.apply(b).build(), store.authenticator(), Clock.systemUTC());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /**
     * Every record, once at least {@code count} exchanges have been recorded (for an exchange that
     * ends asynchronously, e.g. by a hang-up): waits on the log's counter, not by reading the file,
     * which the writer may be appending to at that moment.
     */
    List<ExchangeRecord> exchangesOnce(long count) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (gateway.exchangeLog().appended() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return exchanges();
    }

    /** Every record in the current exchange-log file, after waiting for the writer to catch up. */
    List<ExchangeRecord> exchanges() throws Exception {
        assertThat(gateway.exchangeLog().flush(Duration.ofSeconds(10))).as("exchange log flushed").isTrue();
        List<ExchangeRecord> out = new ArrayList<>();
        try (JsonLinesReader<ExchangeRecord> r = ContractFiles.readExchanges(gateway.exchangeLog().currentFile(),
                OnMalformed.STOP)) {
            ExchangeRecord x;
            while ((x = r.next()) != null) {
                out.add(x);
            }
        }
        return out;
    }

    @Override
    public void close() {
        gateway.close();
        store.close();
        mock.close();
    }
}
