package bot.volvox.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bot.volvox.local.KafkaServer;
import bot.volvox.local.LocalStack;
import bot.volvox.local.PostgresServer;
import bot.volvox.local.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One fault at a time under a {@link SteadyLoad} (commands, messages, reactions, voice, reminders): the fault lasts
 * {@link #FAULT}, then ends; the test waits for every service to be ready again and lets the load run on a little.
 * Each scenario asserts that every acknowledged command was answered exactly once, that every {@code /warn} made one
 * case with its own number, that every accepted reminder arrived once, and that the system was ready again within
 * {@link #RECOVERY_BOUND}. The table it prints is kept in the README (Reliability).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteEndToEndTest extends WholeSystemTest {
    static final Duration FAULT = Duration.ofSeconds(8);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(120);
    static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final List<String> TABLE = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "kill -9 {0}")
    @ValueSource(strings = {"moderation-service", "scheduler-service", "ai-service", "analytics-service",
            "gateway-service"})
    @Order(1)
    void aKilledServiceIsRestartedAndLosesNothing(String service) throws Exception {
        scenario("kill -9 " + service + ", restarted " + FAULT.toSeconds() + " s later", () -> system.kill(service),
                () -> system.restart(service));
    }

    @Test
    @Order(2)
    void kafkaStopsAndComesBack() throws Exception {
        KafkaServer kafka = LocalStack.forTests().kafka();
        scenario("Kafka stopped for " + FAULT.toSeconds() + " s", kafka::stop, kafka::restart);
    }

    @Test
    @Order(3)
    void postgresStopsAndComesBack() throws Exception {
        PostgresServer postgres = LocalStack.forTests().postgres();
        scenario("PostgreSQL stopped for " + FAULT.toSeconds() + " s", postgres::stop, postgres::restart);
    }

    @Test
    @Order(4)
    void redisStopsAndComesBack() throws Exception {
        RedisServer redis = LocalStack.forTests().redis().orElseThrow(
                () -> new AssertionError("redis-server is not installed: ./volvox test installs it"));
        scenario("Redis stopped for " + FAULT.toSeconds() + " s", redis::stop, redis::restart);
    }

    @Test
    @Order(5)
    void discordAnswers500sAnd429sForAWhile() throws Exception {
        // Interaction callbacks are left alone: Discord does not rate-limit them, and a deferral that missed its 3 s
        // cannot be made good by anyone
        scenario("Discord: 500 for 3 s, then 429 (retry after 1 s) for 3 s", () -> {
            sandbox.outage(null, "(?!interactions/).*", 500, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3));
            sandbox.outage(null, "(?!interactions/).*", 429, Duration.ofSeconds(1), Duration.ofSeconds(3),
                    Duration.ofSeconds(3));
        }, sandbox::clearFaults);
    }

    private void scenario(String name, Runnable fault, Runnable recover) throws Exception {
        String tag = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        boolean gatewayDown = name.contains("gateway-service");
        double recoverySeconds;
        SteadyLoad load = SteadyLoad.start(system, tag);
        try {
            load.awaitMoreCommands(8);
            fault.run();
            load.awaitMoreCommands((int) (FAULT.toMillis() / SteadyLoad.TICK.toMillis()));
            long recovering = System.nanoTime();
            recover.run();
            await(name + ": every service ready again").atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(200))
                    .until(() -> system.notReady().isEmpty());
            recoverySeconds = (System.nanoTime() - recovering) / 1e9;
            load.awaitMoreCommands(8);
        } finally {
            load.close();
        }
        SteadyLoad.Outcome outcome = load.outcome(PATIENCE);
        TABLE.add(String.format(Locale.ROOT, "| %s | %d commands, %d reminders | %d | %d | %d | %d | %d | %d/%d | %.1f |",
                name, outcome.commands(), outcome.reminders(), outcome.acknowledged(), outcome.answered(),
                outcome.duplicates(), outcome.lost(), outcome.refused(), outcome.cases(), outcome.warns(), recoverySeconds));
        System.out.printf("fault suite: %s → %s, ready again after %.1f s%n", name, outcome, recoverySeconds);

        assertThat(outcome.duplicates()).as(name + ": commands answered twice").isZero();
        if (gatewayDown) {
            // An answer the killed gateway had claimed is repeated by the new one, but an interaction it had deferred
            // and not yet handed to Kafka dies with it (gateway README, Known limits): a few at most.
            assertThat(outcome.lost()).as(name + ": answers in flight in the killed gateway").isLessThanOrEqualTo(8);
        } else {
            assertThat(outcome.lost()).as(name + ": acknowledged commands never answered").isZero();
        }
        if (!gatewayDown) {
            assertThat(outcome.acknowledged()).as(name + ": commands the gateway acknowledged")
                    .isEqualTo(outcome.commands());
        }
        if (gatewayDown) {
            // the interactions that died deferred but not yet on Kafka (the lost ones above) never reached moderation:
            // unanswered and without a case is their only allowed state
            assertThat(outcome.missingCases()).as(name + ": acknowledged /warns without a case")
                    .allMatch(missing -> missing.endsWith(" answered null"))
                    .hasSizeLessThanOrEqualTo((int) outcome.lost());
        } else {
            assertThat(outcome.missingCases()).as(name + ": acknowledged /warns without a case").isEmpty();
        }
        assertThat(outcome.cases()).as(name + ": one case per acknowledged /warn the gateway passed on")
                .isEqualTo(outcome.warns() - outcome.refused() - (gatewayDown ? outcome.missingCases().size() : 0));
        if (!name.startsWith("Kafka")) {
            assertThat(outcome.refused()).as(name + ": /warns answered 'nothing was done' with Kafka up").isZero();
        }
        assertThat(outcome.caseNumbers()).as(name + ": case numbers unique").isEqualTo(outcome.cases());
        assertThat(outcome.reminders()).as(name + ": reminders the scheduler stored").isPositive();
        assertThat(outcome.reminderDms()).as(name + ": accepted reminders delivered, once each")
                .isEqualTo(outcome.reminders());
        assertThat(outcome.distinctReminderDms()).isEqualTo(outcome.reminders());
        assertThat(recoverySeconds).as(name + ": seconds until every service was ready again")
                .isLessThanOrEqualTo(RECOVERY_BOUND.toSeconds());
    }

    @AfterAll
    static void printTable() {
        System.out.println("| scenario | load | acknowledged | answered | duplicates | lost | refused (Kafka down) "
                + "| cases/warns | ready again (s) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        TABLE.forEach(System.out::println);
    }
}
