package bot.volvox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.local.ChildProcess;
import bot.volvox.local.Ports;
import bot.volvox.local.ServiceProcesses;

/**
 * A service stopped as a rollout stops it (SIGTERM) logs no ERROR: an operator reads every ERROR as something to act
 * on. moderation-service runs a job every second (warning expiry) whose rounds used to fail, and be logged at ERROR
 * by the slow-query log, once the database pool had closed while the application was stopping.
 */
class CleanStopEndToEndTest extends WholeSystemTest {

    @Test
    void moderationServiceStopsWithoutAnError() throws IOException {
        int port = Ports.orFree(0);
        String name = "moderation-clean-stop-" + UUID.randomUUID().toString().substring(0, 8);
        ChildProcess moderation = system.launchExtra("moderation-service", name, port, Map.of());
        try {
            ServiceProcesses.awaitReady(name, moderation, "http://127.0.0.1:" + port, Duration.ofMinutes(2));
        } finally {
            moderation.stop();
        }

        List<String> log = Files.readAllLines(moderation.logFile());
        assertThat(log).as("its log ends with Quarkus's stop").anyMatch(line -> line.contains("stopped in"));
        assertThat(log).as("ERROR lines in " + moderation.logFile()).noneMatch(line -> line.contains(" ERROR "));
    }
}
