package io.stillwatch.store;

import io.stillwatch.access.Authenticator;
import io.stillwatch.access.keys.ApiKeyFormat;
import io.stillwatch.access.keys.CachingAuthenticator;
import io.stillwatch.access.keys.KeyCredentialSource;
import io.stillwatch.access.keys.Secret;
import io.stillwatch.access.keys.SecretHasher;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.codec.MalformedLineException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/** {@link Store} over an H2 database reached through a connection pool; see {@link EmbeddedStore}. */
final class H2Store implements Store {
    private static final int MAX_NAME_LENGTH = 200;

    private final DataSource pool;
    private final Runnable closePool;
    private final SecretHasher hasher;
    private final ApiKeyFormat format;
    private final StoreOptions options;
    private final Executor refreshExecutor;
    private final ExecutorService ownedExecutor;
    private CachingAuthenticator authenticator;

    H2Store(DataSource pool, Runnable closePool, SecretHasher hasher, ApiKeyFormat format, StoreOptions options,
            Executor refreshExecutor, ExecutorService ownedExecutor) {
        this.pool = pool;
        this.closePool = closePool;
        this.hasher = hasher;
        this.format = format;
        this.options = options;
        this.refreshExecutor = refreshExecutor;
        this.ownedExecutor = ownedExecutor;
    }

    @Override
    public synchronized Authenticator authenticator() {
        if (authenticator == null) {
            KeyCredentialSource source = version -> read("read key changes", c -> KeyTable.changesSince(c, version));
            authenticator = CachingAuthenticator.start(source, hasher, options.clock(), options.keyCachePoll(),
                    refreshExecutor);
        }
        return authenticator;
    }

    @Override
    public Optional<AccountRecord> account(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return read("read account", c -> AccountTable.select(c, "WHERE account_id = ?", accountId)).stream().findFirst();
    }

    @Override
    public List<AccountRecord> accounts(String afterAccountId, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        return read("list accounts", c -> afterAccountId == null
                ? AccountTable.select(c, "ORDER BY account_id LIMIT ?", limit)
                : AccountTable.select(c, "WHERE account_id > ? ORDER BY account_id LIMIT ?", afterAccountId, limit));
    }

    @Override
    public long accountCount() {
        return read("count accounts", AccountTable::count);
    }

    @Override
    public ImportSummary upsertAccounts(Collection<AccountRecord> accounts) {
        Iterator<AccountRecord> it = accounts.iterator();
        try {
            return importAccounts(() -> it.hasNext() ? it.next() : null);
        } catch (IOException | MalformedLineException e) {
            throw new AssertionError("a collection does not throw " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public ImportSummary importAccounts(RecordSource<AccountRecord> source) throws IOException, MalformedLineException {
        Objects.requireNonNull(source, "source");
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                long before = AccountTable.count(c);
                long records = 0;
                try (PreparedStatement ps = c.prepareStatement(AccountTable.MERGE)) {
                    AccountRecord a;
                    while ((a = source.next()) != null) {
                        AccountTable.bind(c, ps, a);
                        ps.addBatch();
                        if (++records % AccountTable.BATCH == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                long added = AccountTable.count(c) - before;
                c.commit();
                return new ImportSummary(records, added);
            } catch (IOException | MalformedLineException | RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("import accounts", e);
        }
    }

    @Override
    public IssuedKey createKey(String accountId, String name) {
        Objects.requireNonNull(accountId, "accountId");
        String checkedName = checkName(name);
        Instant now = options.clock().instant();
        String keyId = format.newKeyId();
        Secret secret = format.newSecret(keyId);
        byte[] hash = hasher.hash(secret);
        ApiKeyInfo info = write("create key", c -> {
            if (!AccountTable.exists(c, accountId)) {
                throw new IllegalArgumentException("unknown account " + quoted(accountId)
                        + " (expected: an account of the registry; load it with: stillwatch accounts import)");
            }
            KeyTable.insert(c, keyId, accountId, checkedName, now, hash, secret.hint());
            return KeyTable.selectInfo(c, "WHERE key_id = ?", keyId).get(0);
        });
        return new IssuedKey(info, secret);
    }

    @Override
    public List<ApiKeyInfo> keys(String accountId) {
        return read("list keys", c -> accountId == null
                ? KeyTable.selectInfo(c, "ORDER BY created, key_id")
                : KeyTable.selectInfo(c, "WHERE account_id = ? ORDER BY created, key_id", accountId));
    }

    @Override
    public Optional<ApiKeyInfo> key(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (!ApiKeyFormat.isKeyId(keyId)) {
            return Optional.empty();
        }
        return read("read key", c -> KeyTable.selectInfo(c, "WHERE key_id = ?", keyId)).stream().findFirst();
    }

    @Override
    public ApiKeyInfo revokeKey(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        Instant now = options.clock().instant();
        return write("revoke key", c -> {
            requireKey(c, keyId);
            KeyTable.revoke(c, keyId, now);
            return KeyTable.selectInfo(c, "WHERE key_id = ?", keyId).get(0);
        });
    }

    @Override
    public IssuedKey rotateKey(String keyId, Duration grace) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: " + grace + " (expected: >= 0)");
        }
        checkKeyId(keyId);
        Instant now = options.clock().instant();
        Secret secret = format.newSecret(keyId);
        byte[] hash = hasher.hash(secret);
        ApiKeyInfo info = write("rotate key", c -> {
            requireKey(c, keyId);
            ApiKeyInfo current = KeyTable.selectInfo(c, "WHERE key_id = ?", keyId).get(0);
            if (current.status(now) == ApiKeyInfo.Status.REVOKED) {
                throw new IllegalArgumentException("key " + keyId + " is revoked (expected: an active key; "
                        + "create a new one with: stillwatch keys create)");
            }
            KeyTable.rotate(c, keyId, now, now.plus(grace), hash, secret.hint());
            return KeyTable.selectInfo(c, "WHERE key_id = ?", keyId).get(0);
        });
        return new IssuedKey(info, secret);
    }

    @Override
    public void close() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        closePool.run();
    }

    private static void requireKey(Connection c, String keyId) throws SQLException {
        checkKeyId(keyId);
        if (!KeyTable.lock(c, keyId)) {
            throw new IllegalArgumentException("unknown key '" + keyId + "' (expected: a key id from: stillwatch keys list)");
        }
    }

    /** The value in quotes, unless it is shaped like a secret: then not shown. */
    static String quoted(String value) {
        return ApiKeyFormat.keyIdOf(value).isPresent() || value.startsWith(ApiKeyFormat.PREFIX)
                ? "(a value shaped like an API key secret, not shown)" : "'" + value + "'";
    }

    /** Rejects what is not a key id without echoing it: an operator may paste a whole secret by mistake. */
    static void checkKeyId(String keyId) {
        if (!ApiKeyFormat.isKeyId(keyId)) {
            String hint = keyId.startsWith(ApiKeyFormat.PREFIX)
                    ? "this looks like a secret, not a key id; the key id is the part between 'sw-' and the next '-'"
                    : "expected: k followed by 15 characters of a-z2-7, as shown by: stillwatch keys list";
            throw new IllegalArgumentException("not a key id (" + keyId.length() + " characters): " + hint);
        }
    }

    private static String checkName(String name) {
        if (name == null) {
            return null;
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name: " + name.length() + " characters (expected: at most "
                    + MAX_NAME_LENGTH + ", no control characters)");
        }
        return name;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T write(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Secrets never reach SQL (only their hashes do), so the database's message cannot contain one. */
    static StoreException failure(String what, SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        m = m.length() > 300 ? m.substring(0, 300) + "..." : m;
        return new StoreException(what + ": " + m + " [" + e.getErrorCode() + "]", e);
    }

    Clock clock() {
        return options.clock();
    }
}
