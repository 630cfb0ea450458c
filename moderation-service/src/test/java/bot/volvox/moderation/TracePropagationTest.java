package bot.volvox.moderation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.member;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the service produces in response to a record continues that record's trace ({@code traceparent}): the actions
 * of a command, the actions it requests after each action result (the fake gateway answers in the action's trace, as
 * the real one does), its answer, and the dead letter of a record it cannot read.
 */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class TracePropagationTest extends ModerationTestBase {

    @Test
    void everyActionOfABanContinuesTheInteractionsTrace() {
        String traceparent = KafkaGateway.newTraceparent();
        DiscordEvent ban = slash(DiscordEvents.guild(), Invoker.admin(), "ban", null, member("user", snowflake()),
                string("reason", "tracing"));

        gateway.publish(ban, traceparent);

        assertThat(reply(ban)).contains("has been banned.");
        List<KafkaGateway.Seen> records = gateway.records(a -> a.origin() != null
                && ban.id().equals(a.origin().sourceEventId()));
        // the DM, then (after its result) the ban, then (after that one's result) the answer: three hops
        assertThat(records).extracting(seen -> seen.action().kind())
                .contains(ActionKind.SEND_DM, ActionKind.BAN, ActionKind.INTERACTION_FOLLOWUP);
        assertThat(records).allSatisfy(seen -> assertThat(seen.traceId()).as("trace of %s", seen.action().kind())
                .isEqualTo(KafkaGateway.traceId(traceparent)));
        assertThat(records).extracting(KafkaGateway.Seen::traceparent)
                .as("each action has a span of its own").doesNotContain(traceparent).doesNotHaveDuplicates();
    }

    @Test
    void theDeadLetterOfAnUnreadableInteractionKeepsItsTrace() {
        String traceparent = KafkaGateway.newTraceparent();
        String key = "trace-" + UUID.randomUUID();

        gateway.publishRaw(Topics.MODERATION_INTERACTIONS, key, "not an interaction", traceparent);

        String dlq = Topics.MODERATION_INTERACTIONS + Topics.DLQ_SUFFIX;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "trace-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlq));
            List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        letters.add(r);
                    }
                });
                return !letters.isEmpty();
            });
            assertThat(KafkaGateway.traceId(KafkaGateway.header(letters.get(0).headers(), KafkaGateway.TRACEPARENT)))
                    .isEqualTo(KafkaGateway.traceId(traceparent));
        }
    }
}
