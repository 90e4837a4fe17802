package io.stillwatch.store;

import io.stillwatch.access.keys.KeyCredential;
import io.stillwatch.access.keys.KeyCredentialSource;
import io.stillwatch.access.keys.SecretHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for the {@code api_key} table. Every write takes the next value of the {@code api_key}
 * counter, whose row lock is held to commit, so versions become visible in increasing order and
 * "rows with a version after v" is a complete change feed for {@link KeyCredentialSource}.
 */
final class KeyTable {
    private static final String INFO_COLUMNS =
            "key_id, account_id, name, created, secret_hint, rotated, previous_valid_until, revoked";
    private static final String CREDENTIAL_COLUMNS =
            "key_id, account_id, secret_hash, previous_hash, previous_valid_until, revoked, row_version";

    private KeyTable() {
    }

    static long nextVersion(Connection c) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE store_counter SET counter_value = counter_value + 1 WHERE name = 'api_key'")) {
            up.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT counter_value FROM store_counter WHERE name = 'api_key'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void insert(Connection c, String keyId, String accountId, String name, Instant created, byte[] hash,
                       String hint) throws SQLException {
        long version = nextVersion(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key (key_id, account_id, name, created, "
                + "hash_scheme, secret_hash, secret_hint, row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, keyId);
            ps.setString(2, accountId);
            ps.setString(3, name);
            ps.setObject(4, ts(created));
            ps.setString(5, SecretHasher.SCHEME);
            ps.setBytes(6, hash);
            ps.setString(7, hint);
            ps.setLong(8, version);
            ps.executeUpdate();
        }
    }

    static void revoke(Connection c, String keyId, Instant at) throws SQLException {
        long version = nextVersion(c);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE api_key SET revoked = ?, row_version = ? WHERE key_id = ? AND revoked IS NULL")) {
            ps.setObject(1, ts(at));
            ps.setLong(2, version);
            ps.setString(3, keyId);
            ps.executeUpdate();
        }
    }

    /** Makes the current hash the previous one (valid until {@code previousValidUntil}) and sets a new one. */
    static void rotate(Connection c, String keyId, Instant at, Instant previousValidUntil, byte[] hash, String hint)
            throws SQLException {
        long version = nextVersion(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE api_key SET previous_hash = secret_hash, "
                + "previous_valid_until = ?, secret_hash = ?, secret_hint = ?, hash_scheme = ?, rotated = ?, "
                + "row_version = ? WHERE key_id = ?")) {
            ps.setObject(1, ts(previousValidUntil));
            ps.setBytes(2, hash);
            ps.setString(3, hint);
            ps.setString(4, SecretHasher.SCHEME);
            ps.setObject(5, ts(at));
            ps.setLong(6, version);
            ps.setString(7, keyId);
            ps.executeUpdate();
        }
    }

    static List<ApiKeyInfo> selectInfo(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INFO_COLUMNS + " FROM api_key " + where)) {
            bindAll(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<ApiKeyInfo> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ApiKeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                            rs.getString(5), instant(rs, 6), instant(rs, 7), instant(rs, 8)));
                }
                return out;
            }
        }
    }

    /** Locks the key's row for the rest of the transaction; false when there is no such key. */
    static boolean lock(Connection c, String keyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM api_key WHERE key_id = ? FOR UPDATE")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static KeyCredentialSource.Changes changesSince(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CREDENTIAL_COLUMNS
                + " FROM api_key WHERE row_version > ? ORDER BY row_version")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                List<KeyCredential> out = new ArrayList<>();
                long max = version;
                while (rs.next()) {
                    out.add(new KeyCredential(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4),
                            instant(rs, 5), instant(rs, 6)));
                    max = Math.max(max, rs.getLong(7));
                }
                return new KeyCredentialSource.Changes(out, max);
            }
        }
    }

    private static void bindAll(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
