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

    public static final Path ROOT = Checkout.root().resolve(".volvox/test/platform");
    public static final String REQUIRED_MIGRATION = "015_audit-logs-target-tag";

    private static final String PG_PORT = "volvox.test.platform.postgres-port";
    private static final String KAFKA_PORT = "volvox.test.platform.kafka-port";
    private static final String REDIS_PORT = "volvox.test.platform.redis-port";
    private static final String REDIS_PASSWORD_PORT = "volvox.test.platform.redis-password-port";
    public static final String REDIS_PASSWORD = "t3st-Redis-Pa55";

    private PlatformStack() {
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
        String port = System.getProperty(property);
        if (port != null) {
            return RedisServer.attach(ROOT.resolve(dir), Integer.parseInt(port), settings);
        }
        RedisServer server = RedisServer.start(ROOT.resolve(dir), 0, settings);
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
        markApplied(name, REQUIRED_MIGRATION, true);
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
