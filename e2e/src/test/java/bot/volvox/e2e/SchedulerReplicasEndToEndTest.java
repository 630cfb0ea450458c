package bot.volvox.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import bot.volvox.local.ChildProcess;
import bot.volvox.local.Ports;
import bot.volvox.local.ServiceProcesses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * scheduler-service at three replicas, each a process of its own: the system's own, a second one (B) and a third (C)
 * whose Kafka is unreachable, so that it claims due items and holds their leases without being able to emit them.
 * C is killed with SIGKILL while it holds leases; its items are taken over once their lease expires, and every item
 * has exactly one effect at Discord, watched for a lease period after the last one.
 */
class SchedulerReplicasEndToEndTest extends WholeSystemTest {
    static final int ITEMS = 200;
    static final Duration LEASE = Duration.ofSeconds(5);
    private static final Pattern FIRED = Pattern.compile("volvox_scheduler_fired_total\\{kind=\"mod_action\"[^}]*} ([0-9.E]+)");

    @Test
    void replicasShareTheWorkAndAKilledReplicaLosesNothingAndDuplicatesNothing() throws Exception {
        int portB = Ports.orFree(0);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ChildProcess b = system.launchExtra("scheduler-service", "scheduler-b-" + run, portB,
                Map.of("VOLVOX_SCHEDULER_REPLICA_ID", "e2e-b-" + run));
                ChildProcess c = system.launchExtra("scheduler-service", "scheduler-c-" + run, Ports.orFree(0), Map.of(
                        "VOLVOX_SCHEDULER_REPLICA_ID", "e2e-c-" + run, "VOLVOX_SCHEDULER_LEASE", LEASE.toSeconds() + "S",
                        "VOLVOX_SCHEDULER_RETRY_DELAY", LEASE.toSeconds() + "S",
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + Ports.orFree(0)))) {
            ServiceProcesses.awaitReady("scheduler-service (B)", b, "http://127.0.0.1:" + portB, Duration.ofMinutes(2));
            double firedByABefore = fired(system.serviceUrl("scheduler-service"));

            // items due one after another over ~4 s, on targets nobody else uses
            String prefix = "9" + Math.floorMod(run.hashCode(), 1000);
            execute("""
                    INSERT INTO mod_scheduled_actions (guild_id, action, target_id, execute_at)
                    SELECT ?, 'untimeout', ? || lpad(i::text, 6, '0'), clock_timestamp() + interval '2 seconds'
                           + i * interval '20 milliseconds'
                      FROM generate_series(1, ?) AS i""", demo.guildId(), prefix, ITEMS);

            await("C to hold leases").atMost(Duration.ofSeconds(30))
                    .until(() -> count("SELECT count(*) FROM mod_scheduled_actions WHERE claimed_by = ? AND NOT executed",
                            "e2e-c-" + run) > 0);
            long heldByC = count("SELECT count(*) FROM mod_scheduled_actions WHERE claimed_by = ? AND NOT executed",
                    "e2e-c-" + run);
            new ProcessBuilder("kill", "-9", Long.toString(c.pid())).start().waitFor();
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.isAlive());

            await("every item executed, C's after its lease expired").atMost(Duration.ofSeconds(60))
                    .until(() -> count("SELECT count(*) FROM mod_scheduled_actions WHERE target_id LIKE ? || '%' "
                            + "AND NOT executed", prefix) == 0);
            // an executed row's Discord call may still be on its way through the gateway
            await("every item's call at Discord").atMost(Duration.ofSeconds(60))
                    .until(() -> effectsPerTarget(prefix).size() == ITEMS);
            // and nothing runs twice, for longer than a lease after the last one
            await("no second call for any item").during(LEASE.plusSeconds(1)).atMost(LEASE.plusSeconds(5))
                    .until(() -> duplicated(prefix).isEmpty());
            assertThat(duplicated(prefix)).as("targets called more than once").isEmpty();

            double firedByA = fired(system.serviceUrl("scheduler-service")) - firedByABefore;
            double firedByB = fired("http://127.0.0.1:" + portB);
            System.out.printf("scheduler replicas: %d items; fired by A %.0f, by B %.0f; C held %d lease(s) when "
                    + "killed%n", ITEMS, firedByA, firedByB, heldByC);
            assertThat(firedByA).as("items fired by the system's replica").isPositive();
            assertThat(firedByB).as("items fired by replica B").isPositive();
            assertThat(heldByC).as("leases C held when killed").isPositive();
            assertThat(firedByA + firedByB).isEqualTo(ITEMS);
        }
    }

    /** Discord calls per target: the PATCH of each member the items name. */
    private static Map<String, Long> effectsPerTarget(String prefix) {
        return sandbox.calls().stream()
                .filter(call -> call.method().equals("PATCH")
                        && call.path().startsWith("guilds/" + demo.guildId() + "/members/" + prefix))
                .collect(java.util.stream.Collectors.groupingBy(call -> call.path(),
                        java.util.stream.Collectors.counting()));
    }

    private static Map<String, Long> duplicated(String prefix) {
        Map<String, Long> calls = new java.util.HashMap<>(effectsPerTarget(prefix));
        calls.values().removeIf(n -> n == 1);
        return calls;
    }

    private static double fired(String baseUrl) throws Exception {
        String metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = FIRED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static void execute(String sql, Object... params) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
