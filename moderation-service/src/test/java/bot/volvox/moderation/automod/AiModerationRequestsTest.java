package bot.volvox.moderation.automod;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.AiModerationRequested;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ai-service's requests on {@code volvox.moderation}, as moderation-service carries them out. */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class AiModerationRequestsTest extends ModerationTestBase {
    static final String CHANNEL = "710000000000000002";
    static final String FLAG_CHANNEL = "710000000000000003";

    @Inject
    ConfigWriter writer;

    private String guild() {
        String guild = DiscordEvents.guild();
        writer.set(guild, "aiAutoMod.flagChannelId", VolvoxJson.MAPPER.getNodeFactory().textNode(FLAG_CHANNEL), "test")
                .await().atMost(Duration.ofSeconds(10));
        return guild;
    }

    private static DiscordEvent request(String guild, String author, List<String> categories, List<String> actions) {
        EventPayload.Message message = ((EventPayload.MessageCreated) DiscordEvents.message(guild, CHANNEL, author,
                "you are all worthless idiots", List.of(), List.of()).payload()).message();
        return DiscordEvent.of("ai-automod:" + message.messageId(), Instant.now(), guild,
                new AiModerationRequested(message, categories, Map.of("toxicity", 0.95, "violence", 0.9), actions,
                        "insults the channel", "anthropic:claude-haiku-4-5"));
    }

    private static String messageId(DiscordEvent request) {
        return ((AiModerationRequested) request.payload()).message().messageId();
    }

    private List<ActionKind> kinds(DiscordEvent request) {
        return actionsOf("ai-automod:" + messageId(request)).stream().map(DiscordAction::kind).distinct().toList();
    }

    @Test
    void aBanRequestFlagsDeletesBansAndRecordsOneCaseByTheBot() {
        String guild = guild();
        String author = snowflake();
        DiscordEvent request = request(guild, author, List.of("toxicity", "violence"),
                List.of("flag", "delete", "warn", "ban"));
        send(request);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild) == 1);
        var row = rows("SELECT * FROM mod_cases WHERE guild_id = $1", guild).get(0);
        assertThat(row.getString("action")).as("the strongest action is the case").isEqualTo("ban");
        assertThat(row.getString("target_id")).isEqualTo(author);
        assertThat(row.getString("reason")).isEqualTo("AI Auto-Mod: toxicity, violence — insults the channel");
        assertThat(kinds(request)).containsSubsequence(ActionKind.SEND_MESSAGE, ActionKind.DELETE_MESSAGE,
                ActionKind.BAN);
        DiscordAction flag = actionsOf("ai-automod:" + messageId(request)).stream()
                .filter(a -> a.kind() == ActionKind.SEND_MESSAGE).findFirst().orElseThrow();
        assertThat(VolvoxJson.MAPPER.valueToTree(flag.params()).toString()).contains(FLAG_CHANNEL)
                .contains("AI Auto-Mod Flag");
        var flagged = rows("SELECT * FROM flagged_messages WHERE guild_id = $1", guild);
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).getString("flagged_by")).isEqualTo("ai-automod");
        assertThat(flagged.get(0).getString("discord_message_id")).isEqualTo(messageId(request));
        assertThat(count("SELECT count(*) FROM warnings WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void aRedeliveredRequestActsOnce() {
        String guild = guild();
        String author = snowflake();
        DiscordEvent request = request(guild, author, List.of("harassment"), List.of("warn"));
        send(request);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM warnings WHERE guild_id = $1", guild) == 1);

        send(request);
        // same guild, same partition: once the later request is done, the repeat before it was handled too
        DiscordEvent later = request(guild, snowflake(), List.of("harassment"), List.of("warn"));
        send(later);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM warnings WHERE guild_id = $1", guild) == 2);

        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND target_id = $2", guild, author))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM warnings WHERE guild_id = $1 AND user_id = $2", guild, author))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM flagged_messages WHERE guild_id = $1", guild)).isEqualTo(2);
    }

    @Test
    void malformedRequestsGoToTheDeadLetterTopicWithTheReason() {
        String guild = guild();
        String unreadable = "bad-" + UUID.randomUUID();
        gateway.publishRaw(Topics.MODERATION, unreadable, "{\"not\": \"a request\"");
        String unknownAction = "bad-" + UUID.randomUUID();
        DiscordEvent request = request(guild, snowflake(), List.of("spam"), List.of("explode"));
        gateway.publishRaw(Topics.MODERATION, unknownAction, request);
        DiscordEvent valid = request(guild, snowflake(), List.of("spam"), List.of("delete"));
        send(valid);

        List<ConsumerRecord<String, byte[]>> letters = deadLetters(List.of(unreadable, unknownAction));
        assertThat(letters).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(unreadable, unknownAction);
        ConsumerRecord<String, byte[]> unknown = letters.stream().filter(r -> r.key().equals(unknownAction))
                .findFirst().orElseThrow();
        assertThat(KafkaGateway.header(unknown.headers(), "dead-letter-reason")).contains("unknown action 'explode'");
        await().atMost(WAIT).until(() -> kinds(valid).contains(ActionKind.DELETE_MESSAGE));
        assertThat(kinds(request)).isEmpty();
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(List<String> keys) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "ai-moderation-dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.dlq(Topics.MODERATION)));
            List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        letters.add(r);
                    }
                });
                return letters.size() >= keys.size();
            });
            return letters;
        }
    }
}
