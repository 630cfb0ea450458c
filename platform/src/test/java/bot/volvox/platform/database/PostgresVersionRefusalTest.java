package bot.volvox.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The refusal against a real PostgreSQL 15 (Debian's {@code postgresql-15} server package, installed on
 * the build machines for this test): deploy/local only ships 17, so the old server is started here with
 * its own initdb/pg_ctl as the {@code postgres} user.
 */
class PostgresVersionRefusalTest {

    private static final Path PG15 = Path.of("/usr/lib/postgresql/15/bin");

    @Test
    void postgres15IsRefusedWithTheVersionInTheMessage() throws Exception {
        assertThat(PG15.resolve("postgres"))
                .as("PostgreSQL 15 server binaries (apt-get install -y postgresql-15)").isExecutable();
        Path dir = Files.createTempDirectory("volvox-pg15-");
        run("chown", "postgres", dir.toString());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("data");
        asPostgres(PG15.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString());
        asPostgres(PG15.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgDriver.INSTANCE.createPool(vertx,
                    List.of(new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("postgres").setUser("postgres")),
                    new PoolOptions().setMaxSize(1));
            Optional<String> refusal = PostgresVersion.check(pool).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            pool.close();
            assertThat(refusal).hasValueSatisfying(message -> assertThat(message)
                    .startsWith("PostgreSQL 17 or later is required, server is 15.")
                    .contains("(server_version_num 15"));
        } finally {
            vertx.close();
            asPostgres(PG15.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
            run("rm", "-rf", dir.toString());
        }
    }

    private static void asPostgres(String... command) throws IOException, InterruptedException {
        String[] full = new String[command.length + 4];
        full[0] = "runuser";
        full[1] = "-u";
        full[2] = "postgres";
        full[3] = "--";
        System.arraycopy(command, 0, full, 4, command.length);
        run(full);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
