package bot.volvox.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import bot.volvox.local.Checkout;
import bot.volvox.local.ChildProcess;
import bot.volvox.local.LocalStack;
import bot.volvox.local.Ports;
import bot.volvox.local.ServiceProcesses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A packaged service started against PostgreSQL 15 (Debian's {@code postgresql-15} server, which the test command
 * installs: the local stack ships only 17) stops with a non-zero exit code and says why, naming both versions.
 */
class OldPostgresRefusedTest {
    private static final Path PG15 = Path.of("/usr/lib/postgresql/15/bin");

    @Test
    void aServiceStartedAgainstPostgres15ExitsNonZeroNamingTheVersion() throws Exception {
        assertThat(PG15.resolve("postgres"))
                .as("PostgreSQL 15 server binaries (apt-get install -y postgresql-15)").isExecutable();
        Path dir = Files.createTempDirectory("volvox-pg15-");
        run("chown", "postgres", dir.toString());
        int port = Ports.orFree(0);
        Path data = dir.resolve("data");
        asPostgres(PG15.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString());
        asPostgres(PG15.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
        Path target = Path.of(System.getProperty("user.dir"), "target", "e2e-pg15");
        try (ChildProcess service = ServiceProcesses.launch(Checkout.root(), ServiceProcesses.named("scheduler-service"),
                Ports.orFree(0), Map.of(
                        "DATABASE_URL", "postgresql://postgres@127.0.0.1:" + port + "/postgres",
                        "DATABASE_SSL", "false",
                        "KAFKA_BOOTSTRAP_SERVERS", LocalStack.forTests().kafka().bootstrapServers()),
                target.resolve("logs"), target.resolve("run"))) {
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            service.onExit(exit::complete);

            int code = exit.get(2, TimeUnit.MINUTES);

            assertThat(code).as("exit code").isNotZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(service.logFile()))
                    .contains("PostgreSQL 17 or later is required, server is 15.")
                    .contains("(server_version_num 15"));
        } finally {
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
