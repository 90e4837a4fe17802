package io.stillwatch.store;

import io.stillwatch.access.keys.ApiKeyFormat;
import io.stillwatch.access.keys.Pepper;
import io.stillwatch.access.keys.SecretHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The default store: an H2 database in a data directory, migrated with Flyway on open.
 *
 * <p>Files in the data directory: {@code stillwatch.mv.db} (the database), {@code key-pepper}
 * (the HMAC key of stored secrets) and {@code db-password} (the database password), the last two
 * created with mode 0600 and refused if readable by others.
 *
 * <p>Several processes may open the same directory at once (the gateway serving, an operator
 * revoking a key): H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}) lets the first process
 * open the file and serve the others over a TCP connection whose address and random key are in the
 * lock file; when that process exits, another takes over. The server listens on 127.0.0.1 only
 * (system property {@code h2.bindAddress}, set here unless already set), and a new data directory
 * is created with mode 0700. Key changes reach every
 * process's authenticator through the versioned change feed of {@link KeyTable}.
 */
public final class EmbeddedStore {
    static final String DB_NAME = "stillwatch";
    static final String PEPPER_FILE = "key-pepper";
    static final String PASSWORD_FILE = "db-password";
    static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";
    private static final int MAX_CONNECTIONS = 8;
    private static final java.nio.file.attribute.FileAttribute<?>[] PRIVATE_DIR =
            java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions
                        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0];

    private EmbeddedStore() {
    }

    /** Opens (creating and migrating if needed) the store in {@code dataDir}, with default options. */
    public static Store open(Path dataDir) {
        return open(dataDir, StoreOptions.defaults());
    }

    public static Store open(Path dataDir, StoreOptions options) {
        return open(dataDir, options, null);
    }

    /** {@code refreshExecutor} null: a daemon thread owned by the store; tests pass {@code Runnable::run}. */
    static Store open(Path dataDir, StoreOptions options, Executor refreshExecutor) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dir)) {
                if (dir.getParent() != null) {
                    Files.createDirectories(dir.getParent());
                }
                Files.createDirectories(dir, PRIVATE_DIR);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("data directory " + dir + ": cannot create: " + e, e));
        }
        if (System.getProperty(BIND_ADDRESS_PROPERTY) == null) {
            // H2's auto-server would otherwise listen on every interface (it passes -tcpAllowOthers)
            System.setProperty(BIND_ADDRESS_PROPERTY, "127.0.0.1");
        }
        SecureRandom random = new SecureRandom();
        Pepper pepper = options.pepper().orElseGet(() -> pepperFrom(dir, random));
        String password = SecretFiles.readOrCreate(dir.resolve(PASSWORD_FILE), () -> randomBase64(random));
        String url = "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";AUTO_SERVER=TRUE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "stillwatch", password);
        pool.setMaxConnections(MAX_CONNECTIONS);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        ExecutorService owned = refreshExecutor == null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stillwatch-key-cache");
            t.setDaemon(true);
            return t;
        }) : null;
        return new H2Store(pool, pool::dispose, new SecretHasher(pepper), new ApiKeyFormat(random), options,
                owned != null ? owned : refreshExecutor, owned);
    }

    private static void migrate(JdbcConnectionPool pool) {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/stillwatch/h2")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof SQLException sql) {
                throw H2Store.failure("open the database", sql);
            }
            throw new StoreException("migrate the database: " + e.getMessage(), e);
        }
    }

    private static Pepper pepperFrom(Path dir, SecureRandom random) {
        String env = System.getenv(StoreOptions.PEPPER_ENV);
        if (env != null && !env.isBlank()) {
            try {
                return Pepper.fromBase64(env);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(StoreOptions.PEPPER_ENV + ": " + e.getMessage());
            }
        }
        return Pepper.fromBase64(SecretFiles.readOrCreate(dir.resolve(PEPPER_FILE), () -> Pepper.random(random).toBase64()));
    }

    private static String randomBase64(SecureRandom random) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
