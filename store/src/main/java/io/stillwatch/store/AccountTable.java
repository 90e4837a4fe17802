package io.stillwatch.store;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Kyc;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL for the {@code account} table: one row per contract record, every field kept. */
final class AccountTable {
    static final int BATCH = 1000;
    private static final String COLUMNS =
            "account_id, created, org, email, payment, signup_ip, country, nationality, kyc, tier";
    static final String MERGE = "MERGE INTO account (" + COLUMNS + ") KEY (account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM account";

    private AccountTable() {
    }

    static void bind(Connection c, PreparedStatement ps, AccountRecord a) throws SQLException {
        ps.setString(1, a.account());
        ps.setObject(2, OffsetDateTime.ofInstant(a.created(), ZoneOffset.UTC));
        ps.setString(3, a.org());
        ps.setString(4, a.email());
        ps.setString(5, a.payment());
        ps.setString(6, a.signupIp());
        ps.setString(7, a.country());
        ps.setArray(8, c.createArrayOf("VARCHAR", a.nationality().toArray()));
        ps.setString(9, a.kyc() == null ? null : a.kyc().wire());
        ps.setString(10, a.tier());
    }

    static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM account");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean exists(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM account WHERE account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<AccountRecord> select(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<AccountRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        }
    }

    private static AccountRecord read(ResultSet rs) throws SQLException {
        Instant created = rs.getObject(2, OffsetDateTime.class).toInstant();
        Array arr = rs.getArray(8);
        List<String> nationality = arr == null ? List.of()
                : Arrays.stream((Object[]) arr.getArray()).map(String.class::cast).toList();
        String kyc = rs.getString(9);
        return new AccountRecord(rs.getString(1), created, rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), nationality, kyc == null ? null : Kyc.fromWire(kyc), rs.getString(10));
    }
}
