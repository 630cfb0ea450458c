package bot.volvox.platform.testing;

import bot.volvox.local.Checkout;
import bot.volvox.local.KafkaServer;
import bot.volvox.local.PostgresServer;
import bot.volvox.local.RedisServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * One PostgreSQL 17, Kafka and Redis per test JVM, started through deploy/local. Quarkus loads test
 * resources in more than one class loader, so the ports live in JVM-wide system properties and later
 * loaders attach to the running servers.
 */
public final class PlatformStack {

    /**
     * One directory per test JVM: engineers (and CI) may run this module's tests concurrently in one checkout,
     * and a shared data directory would let one run stop the other's servers.
     */
    public static final Path ROOT = runDirectory();
    /** The changeset readiness waits for, from the platform's defaults (the one place it is named). */
    public static String requiredMigration() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("volvox.schema.required-migration", String.class);
    }

    private static final String PG_PORT = "volvox.test.platform.postgres-port";
    private static final String KAFKA_PORT = "volvox.test.platform.kafka-port";
    private static final String REDIS_PORT = "volvox.test.platform.redis-port";
    private static final String TLS_PG_PORT = "volvox.test.platform.tls-postgres-port";
    private static final String REDIS_PASSWORD_PORT = "volvox.test.platform.redis-password-port";
    public static final String REDIS_PASSWORD = "t3st-Redis-Pa55";
    private static final Map<String, RedisServer> OWNED_REDIS = new java.util.HashMap<>();

    static {
        // DriverManager only hands out drivers registered from the caller's class loader, and each Quarkus
        // test profile brings a new one
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PlatformStack() {
    }

    private static Path runDirectory() {
        Path parent = Checkout.root().resolve(".volvox/test/platform");
        String run = System.getProperty("volvox.test.platform.run");
        if (run == null) {
            run = "run-" + ProcessHandle.current().pid();
            System.setProperty("volvox.test.platform.run", run);
            removeFinishedRuns(parent);
        }
        return parent.resolve(run);
    }

    /** Data of earlier runs whose JVM has gone (their servers went with them). */
    private static void removeFinishedRuns(Path parent) {
        try (var runs = java.nio.file.Files.list(parent)) {
            runs.filter(dir -> dir.getFileName().toString().startsWith("run-"))
                    .filter(dir -> ProcessHandle.of(Long.parseLong(dir.getFileName().toString().substring(4)))
                            .map(h -> !h.isAlive()).orElse(true))
                    .forEach(PlatformStack::deleteTree);
        } catch (java.io.IOException | NumberFormatException ignored) {
            // nothing to clean up
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort: a left-over directory is removed by the next run
        }
    }

    public static synchronized PostgresServer postgres() {
        String port = System.getProperty(PG_PORT);
        if (port != null) {
            return PostgresServer.attach(Integer.parseInt(port));
        }
        PostgresServer server = PostgresServer.start(ROOT.resolve("postgres"), 0, Map.of());
        System.setProperty(PG_PORT, Integer.toString(server.port()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "platform-test-postgres-stop"));
        return server;
    }

    /** A second PostgreSQL 17 that speaks TLS with a certificate from {@link #tlsCertificates()}'s throw-away CA. */
    public static synchronized PostgresServer tlsPostgres() {
        String port = System.getProperty(TLS_PG_PORT);
        if (port != null) {
            return PostgresServer.attach(Integer.parseInt(port));
        }
        TestCertificates certificates = tlsCertificates();
        PostgresServer server = PostgresServer.start(ROOT.resolve("tls/postgres"), 0, Map.of("ssl", "on",
                "ssl_cert_file", certificates.serverCertificate().toString(),
                "ssl_key_file", certificates.serverKey().toString()));
        System.setProperty(TLS_PG_PORT, Integer.toString(server.port()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "platform-test-tls-postgres-stop"));
        return server;
    }

    public static synchronized TestCertificates tlsCertificates() {
        Path dir = ROOT.resolve("tls/certs");
        if (java.nio.file.Files.isRegularFile(dir.resolve("server.pem"))) {
            return new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"));
        }
        try {
            return TestCertificates.create(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static synchronized KafkaServer kafka() {
        String port = System.getProperty(KAFKA_PORT);
        if (port != null) {
            return KafkaServer.attach(Integer.parseInt(port));
        }
        KafkaServer server = KafkaServer.start(ROOT.resolve("kafka"), 0);
        System.setProperty(KAFKA_PORT, Integer.toString(server.port()));
        return server;
    }

    public static synchronized RedisServer redis() {
        return redis(REDIS_PORT, "redis", RedisServer.Settings.ephemeral());
    }

    public static synchronized RedisServer redisWithPassword() {
        return redis(REDIS_PASSWORD_PORT, "redis-password", RedisServer.Settings.ephemeral().withPassword(REDIS_PASSWORD));
    }

    private static RedisServer redis(String property, String dir, RedisServer.Settings settings) {
        RedisServer owned = OWNED_REDIS.get(property);
        if (owned != null) {
            return owned;
        }
        String port = System.getProperty(property);
        if (port != null) {
            return RedisServer.attach(ROOT.resolve(dir), Integer.parseInt(port), settings);
        }
        RedisServer server = RedisServer.start(ROOT.resolve(dir), 0, settings);
        OWNED_REDIS.put(property, server);
        System.setProperty(property, Integer.toString(server.port()));
        return server;
    }

    /** A database whose Liquibase bookkeeping says the required changeset has been applied. */
    public static String migratedDatabase(String name) {
        postgres().createDatabase(name);
        try (Connection connection = postgres().connect(name); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS databasechangelog (id VARCHAR(255) NOT NULL,"
                    + " author VARCHAR(255) NOT NULL, filename VARCHAR(255) NOT NULL, dateexecuted TIMESTAMP NOT NULL,"
                    + " orderexecuted INT NOT NULL, exectype VARCHAR(10) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        markApplied(name, requiredMigration(), true);
        return name;
    }

    public static void markApplied(String database, String changeset, boolean applied) {
        try (Connection connection = postgres().connect(database)) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM databasechangelog WHERE id = ?")) {
                delete.setString(1, changeset);
                delete.executeUpdate();
            }
            if (applied) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO databasechangelog"
                        + " (id, author, filename, dateexecuted, orderexecuted, exectype) VALUES (?, 'test', 'test', now(), 1, 'EXECUTED')")) {
                    insert.setString(1, changeset);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
