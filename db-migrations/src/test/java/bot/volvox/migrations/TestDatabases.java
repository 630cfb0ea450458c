package bot.volvox.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import bot.volvox.local.PostgresServer;

/** One PostgreSQL 17 for the whole test JVM, and a fresh database per test. */
final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PORT_PROPERTY = "volvox.db-migrations-test.postgres.port";
    private static PostgresServer server;

    private TestDatabases() {
    }

    /**
     * Quarkus tests load this class in their own class loader, so it can exist twice in one JVM: the copy
     * that starts the server publishes its port as a system property, and the other copy attaches to it.
     */
    private static PostgresServer server() {
        synchronized (System.getProperties()) {
            if (server == null) {
                String port = System.getProperty(PORT_PROPERTY);
                server = port != null ? PostgresServer.attach(Integer.parseInt(port)) : start();
            }
            return server;
        }
    }

    private static PostgresServer start() {
        PostgresServer started = PostgresServer.start(Path.of("target", "volvox-test", "postgres"), 0,
                Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off"));
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-postgres"));
        System.setProperty(PORT_PROPERTY, Integer.toString(started.port()));
        return started;
    }

    /** A new, empty database; its name starts with {@code purpose}. One from an earlier run is replaced. */
    static TestDatabase create(String purpose) {
        String name = purpose + "_" + COUNTER.incrementAndGet();
        try (Connection connection = server().connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
        server().createDatabase(name);
        return new TestDatabase(server(), name);
    }

    record TestDatabase(PostgresServer server, String name) {

        DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(server.jdbcUrl(name));
            dataSource.setUser(PostgresServer.USER);
            dataSource.setPassword(PostgresServer.PASSWORD);
            return dataSource;
        }

        Connection connect() throws SQLException {
            return server.connect(name);
        }

        /** The first column of every row {@code sql} returns, as text. */
        List<String> column(String sql) throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }

        void execute(String sql) throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
