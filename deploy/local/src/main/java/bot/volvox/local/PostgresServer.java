package bot.volvox.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PostgreSQL 17 from the zonky binaries, started with {@code pg_ctl} as a child process (as root zonky wraps
 * it in {@code unshare -U}, because initdb and postgres refuse to run as root).
 *
 * <p>Connections over TCP authenticate with scram-sha-256 as superuser {@code postgres}, password
 * {@code postgres}: a fixed, local-only development credential (the server listens on localhost only).
 * An existing data directory is reused, so a restart keeps the data.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String HBA_MARKER = "# volvox: password authentication over TCP";

    private EmbeddedPostgres embedded;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> serverConfig;

    private PostgresServer(EmbeddedPostgres embedded, Path dataDir, int port, Map<String, String> serverConfig) {
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.port = port;
        this.serverConfig = Map.copyOf(serverConfig);
    }

    /**
     * Starts PostgreSQL on {@code port} (0: a free port) with its data in {@code dataDir} (created with
     * initdb when new, reused otherwise). {@code serverConfig} entries are passed as {@code -c key=value}.
     */
    public static PostgresServer start(Path dataDir, int port, Map<String, String> serverConfig) {
        Path absolute = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            stopStale(absolute);
            if (port != 0) {
                Ports.requireFree(port, "PostgreSQL");
            }
            EmbeddedPostgres embedded = launch(absolute, port, serverConfig);
            PostgresServer server = new PostgresServer(embedded, absolute, embedded.getPort(), serverConfig);
            Shutdown.closeOnExit(server);
            server.requirePasswordOverTcp(absolute);
            return server;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start in " + absolute + ": " + e.getMessage()
                    + "\n" + ChildProcess.logTail(logFile(absolute), 30), e);
        }
    }

    private static Path logFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    private static EmbeddedPostgres launch(Path dataDir, int port, Map<String, String> serverConfig)
            throws IOException {
        Path logFile = logFile(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_TIMEOUT)
                .setRegisterShutdownHook(false) // stopped in order by Shutdown instead
                .setConnectConfig("password", PASSWORD)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        serverConfig.forEach(builder::setServerConfig);
        return builder.start();
    }

    /** Stops the server (connections are then refused) and waits until it has exited; its data stays. */
    public synchronized void stop() {
        if (dataDir == null) {
            throw new IllegalStateException("an attached server belongs to the handle that started it");
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop PostgreSQL", e);
            }
            embedded = null;
        }
    }

    /** Starts the stopped server again on the same port and data directory. */
    public synchronized void restart() {
        stop();
        try {
            embedded = launch(dataDir, port, serverConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start again in " + dataDir, e);
        }
    }

    /** A handle on a server another copy of this class started in the same JVM; closing it does nothing. */
    public static PostgresServer attach(int port) {
        return new PostgresServer(null, null, port, Map.of());
    }

    /** A postmaster left running on this data directory by a killed JVM holds the directory: end it. */
    private static void stopStale(Path dataDir) {
        ChildProcess.stopStale(dataDir.resolve("postmaster.pid"), "postgres");
    }

    /** initdb trusts every local connection; switch TCP to scram-sha-256 once the password is set. */
    private void requirePasswordOverTcp(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (Files.readString(hba).contains(HBA_MARKER)) {
            return;
        }
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + USER + " WITH PASSWORD '" + PASSWORD + "'");
            Files.writeString(hba, HBA_MARKER + "\n"
                    + "local all all trust\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\n"
                    + "host all all ::1/128 scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the postgres password: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code postgresql://postgres:postgres@127.0.0.1:<port>/<db>}, the form DATABASE_URL takes. */
    public String databaseUrl(String db) {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + db;
    }

    public String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    /**
     * A JDBC connection as the superuser, over TCP with the password. The driver is called directly, not found
     * through DriverManager: DriverManager only offers drivers the caller's class loader can see, and a test
     * resource started again for a Quarkus test profile runs under a class loader that cannot see the one
     * registered first ("No suitable driver").
     */
    public Connection connect(String db) throws SQLException {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl(db), credentials);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver refused " + jdbcUrl(db));
        }
        return connection;
    }

    /** Creates database {@code name} unless it exists. */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by someone else: exactly what was asked for
            }
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The postmaster's process id, or -1 for an attached handle. */
    public long pid() {
        return dataDir == null ? -1 : ChildProcess.readPid(dataDir.resolve("postmaster.pid")).orElse(-1L);
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port;
    }

    @Override
    public synchronized void close() {
        if (embedded == null) {
            return;
        }
        Shutdown.forget(this);
        stop();
    }
}
