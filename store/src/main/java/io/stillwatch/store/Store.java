package io.stillwatch.store;

import io.stillwatch.access.Authenticator;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.codec.MalformedLineException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Accounts and API keys. The embedded implementation is {@link EmbeddedStore}; other backends
 * (PostgreSQL) implement this interface and pass the same contract test.
 *
 * <p>Secrets: a store keeps only keyed hashes of API keys. The clear secret exists once, in the
 * {@link IssuedKey} returned by {@link #createKey} or {@link #rotateKey}; no method, log line or
 * exception message of a store ever contains it.
 *
 * <p>Methods other than {@link #authenticator()} talk to the database and throw
 * {@link StoreException} when it fails, and {@link IllegalArgumentException} for an unknown
 * account or key, naming it.
 */
public interface Store extends AutoCloseable {

    /**
     * The authenticator for the data path: answers from memory, is thread-safe, its
     * {@code authenticate} never throws, and it sees key changes made through any store on the same
     * data (another process included) within the configured poll interval
     * ({@link StoreOptions#keyCachePoll()}). The first call loads every key (call it at startup);
     * it throws {@link StoreException} if the database cannot be read then. Later calls return the
     * same instance.
     */
    Authenticator authenticator();

    /** The account as last imported, with every contract field. */
    Optional<AccountRecord> account(String accountId);

    /** Accounts in id order, starting after {@code afterAccountId} (null: from the start). */
    List<AccountRecord> accounts(String afterAccountId, int limit);

    long accountCount();

    /** Inserts or replaces accounts by id, in one transaction. */
    ImportSummary upsertAccounts(Collection<AccountRecord> accounts);

    /**
     * Streams accounts from {@code source} into the store in one transaction, in batches: either
     * every record is stored or (when {@code source} throws) none is. Idempotent.
     */
    ImportSummary importAccounts(RecordSource<AccountRecord> source) throws IOException, MalformedLineException;

    /** Creates a key for an existing account; the returned secret is shown once, never again. */
    IssuedKey createKey(String accountId, String name);

    /** Keys of one account, or of every account when {@code accountId} is null, by creation time. */
    List<ApiKeyInfo> keys(String accountId);

    Optional<ApiKeyInfo> key(String keyId);

    /** Revokes a key now. Revoking a revoked key is a no-op that returns it unchanged. */
    ApiKeyInfo revokeKey(String keyId);

    /**
     * Issues a new secret for the same key id; the previous secret stays valid for {@code grace}
     * (zero: rejected at once), and any secret older than that one is rejected at once.
     */
    IssuedKey rotateKey(String keyId, Duration grace);

    @Override
    void close();

    /** A pull source of records, such as {@code JsonLinesReader::next}: null at the end. */
    @FunctionalInterface
    interface RecordSource<T> {
        T next() throws IOException, MalformedLineException;
    }
}
