package bot.volvox.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.local.KafkaServer;
import bot.volvox.local.LocalStack;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.Topics;
import bot.volvox.sandbox.DiscordSandbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * Kafka stops while Discord events keep coming: a waiting user is told that nothing was done, other events are kept
 * and reach their topic once Kafka is back, and the gateway recovers by itself.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SandboxTestResource.class, restrictToAnnotatedClass = false)
class KafkaOutageTest {
    /** The producer's delivery timeout (20 s) plus its last request and scheduling. */
    private static final Duration TOLD_WITHIN = Duration.ofSeconds(45);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aWaitingUserIsToldAndOtherEventsAreKeptUntilKafkaIsBack() {
        DiscordSandbox discord = SandboxTestResource.sandbox();
        await().atMost(WAIT).until(() -> discord.connectedGatewaySessions() > 0);
        KafkaServer kafka = LocalStack.forTests().kafka();
        String text = "said while Kafka is down " + UUID.randomUUID();

        long stopped = System.nanoTime();
        kafka.stop();
        String interactionId;
        long told;
        try {
            interactionId = discord.runSlashCommand("moderator", "general", "remind", Map.of());
            discord.sendMessage("moderator", "general", text);
            await("the user told that nothing was done").atMost(TOLD_WITHIN)
                    .until(() -> String.valueOf(discord.interaction(interactionId).originalContent())
                            .contains("nothing was done"));
            told = System.nanoTime();
        } finally {
            kafka.restart();
        }
        long restarted = System.nanoTime();

        try (var messages = KafkaTopics.consumer(Topics.MESSAGE);
             var interactions = KafkaTopics.consumer(Topics.SCHEDULER_INTERACTIONS)) {
            KafkaTopics.await(messages, r -> r.value() != null
                    && new String(r.value(), StandardCharsets.UTF_8).contains(text), WAIT);
            long delivered = System.nanoTime();
            // the refused command never reaches a service (it would run after its user was told it did not): a
            // command run now arrives, and nothing of the refused one came before it
            String later = discord.runSlashCommand("moderator", "general", "remind", Map.of());
            List<String> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (var record : interactions.poll(Duration.ofMillis(200))) {
                    seen.add(new String(record.value(), StandardCharsets.UTF_8));
                }
                return seen.stream().anyMatch(value -> value.contains(later));
            });
            assertThat(seen).noneMatch(value -> value.contains(interactionId));
            System.out.printf("Kafka outage: user told after %.1f s; Kafka back after %.1f s more; the kept message "
                    + "delivered %.1f s after that%n", seconds(told - stopped), seconds(restarted - told),
                    seconds(delivered - restarted));
        }
        await("ready again").atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/metrics").then().body(not(containsString("volvox_gateway_events_lost_total{")));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
