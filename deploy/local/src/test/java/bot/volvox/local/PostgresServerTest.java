package bot.volvox.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresServerTest {

    private final Path dataDir = TestDirs.fresh("postgres-restart").resolve("data");

    @Test
    void runsPostgres17WithPasswordAuthenticationAndKeepsDataAcrossRestarts() throws SQLException {
        int port;
        try (PostgresServer server = PostgresServer.start(dataDir, 0, Map.of())) {
            port = server.port();
            assertThat(port).isPositive();
            assertThat(server.databaseUrl("volvox")).isEqualTo("postgresql://postgres:postgres@127.0.0.1:" + port + "/volvox");
            server.createDatabase("volvox");
            server.createDatabase("volvox"); // idempotent
            try (Connection connection = server.connect("volvox"); Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SHOW server_version_num")).satisfies(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(170000));
                statement.execute("CREATE TABLE kept (value text)");
                statement.execute("INSERT INTO kept VALUES ('survives a restart')");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("volvox"), "postgres", "wrong-password"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
        assertThat(Ports.isListening(port)).as("stopped server still listens").isFalse();

        try (PostgresServer again = PostgresServer.start(dataDir, port, Map.of());
             Connection connection = again.connect("volvox");
             Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT value FROM kept")).isEqualTo("survives a restart");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
