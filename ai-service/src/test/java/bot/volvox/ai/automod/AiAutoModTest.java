package bot.volvox.ai.automod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AiTestBase;
import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.anthropiclocal.Scenario;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.AiModerationRequested;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AI auto-moderation inside ai-service: {@code discord.message} in, the real SDK against the local model scripting the
 * safety verdict, an {@code ai_usage} row per call, and the request on {@code volvox.moderation} out.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class AiAutoModTest extends AiTestBase {
    KafkaConsumer<String, String> requests;
    final List<DiscordEvent> published = new ArrayList<>();

    @BeforeEach
    void subscribeToModerationRequests() {
        requests = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "ai-automod-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
        requests.subscribe(List.of(Topics.MODERATION));
    }

    @AfterEach
    void closeModerationRequests() {
        requests.close();
    }

    private String guild(String aiAutoModJson) {
        String guild = DiscordEvents.guild();
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, 'aiAutoMod', $2)", guild,
                new JsonObject(aiAutoModJson));
        return guild;
    }

    private DiscordEvent say(String guild, String text) {
        DiscordEvent event = DiscordEvents.message(guild, DiscordEvents.snowflake(), DiscordEvents.snowflake(), text,
                List.of(), List.of());
        gateway.publish(event);
        return event;
    }

    /** The request published for {@code message}, waiting for it. */
    private AiModerationRequested awaitRequest(DiscordEvent message) {
        String id = "ai-automod:" + message.id();
        return (AiModerationRequested) await().atMost(WAIT).until(() -> {
            requests.poll(Duration.ofMillis(200)).forEach(record -> {
                try {
                    published.add(VolvoxJson.MAPPER.readValue(record.value(), DiscordEvent.class));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return published.stream().filter(e -> e.id().equals(id)).findFirst();
        }, found -> found.isPresent()).orElseThrow().payload();
    }

    private boolean requested(DiscordEvent message) {
        return published.stream().anyMatch(e -> e.id().equals("ai-automod:" + message.id()));
    }

    private long usage(String guild, String error) {
        return rows("SELECT count(*) FROM ai_usage WHERE guild_id = $1 AND type = 'automod' AND "
                + (error == null ? "error IS NULL" : "error = '" + error + "'"), guild).get(0).getLong(0);
    }

    @Test
    void aToxicMessageIsJudgedRecordedAndPublishedForModeration() {
        String guild = guild("""
                {"enabled": true, "flagChannelId": "710000000000000009"}""");
        model.script(Scenario.SAFETY_FLAGGED);
        DiscordEvent toxic = say(guild, "you are all worthless idiots");

        AiModerationRequested request = awaitRequest(toxic);
        assertThat(request.categories()).containsExactly("toxicity", "harassment");
        assertThat(request.actions()).containsExactly("flag", "warn");
        assertThat(request.scores()).containsEntry("toxicity", 0.95);
        assertThat(request.reason()).startsWith("insults people");
        assertThat(request.model()).isEqualTo("anthropic:" + AnthropicLocal.MODEL);
        assertThat(request.message().content()).isEqualTo("you are all worthless idiots");
        await().atMost(WAIT).until(() -> usage(guild, null) == 1);
        RecordedRequest seen = model.requests().get(0);
        assertThat(seen.body()).contains("\\\"content\\\":\\\"you are all worthless idiots\\\"")
                .contains("\"max_tokens\":256");
    }

    @Test
    void cleanMessagesAndProviderFailuresPublishNothingButAreMetered() {
        String guild = guild("""
                {"enabled": true, "flagChannelId": "710000000000000009"}""");
        model.script(Scenario.SAFETY_CLEAN, Scenario.BAD_REQUEST, Scenario.SAFETY_FLAGGED);
        DiscordEvent clean = say(guild, "have a nice day everyone");
        DiscordEvent failed = say(guild, "the provider rejects this one");
        DiscordEvent tooShort = say(guild, " a ");
        DiscordEvent toxic = say(guild, "you are all worthless idiots");

        // one guild, one partition, handled in order: once the last is published the others were judged
        awaitRequest(toxic);
        assertThat(requested(clean)).isFalse();
        assertThat(requested(failed)).as("a provider failure lets the message through").isFalse();
        assertThat(requested(tooShort)).isFalse();
        await().atMost(WAIT).until(() -> usage(guild, null) == 2 && usage(guild, "rejected") == 1);
        assertThat(model.requests()).hasSize(3);
    }

    @Test
    void disabledGuildsAndExemptRolesCostNothingAndARedeliveryIsJudgedOnce() {
        String off = guild("{\"enabled\": false}");
        String on = guild("""
                {"enabled": true, "exemptRoleIds": ["555"], "actions": {"toxicity": "delete"}}""");
        DiscordEvent ignored = say(off, "you are all worthless idiots");
        DiscordEvent exempt = DiscordEvents.message(on, DiscordEvents.snowflake(), DiscordEvents.snowflake(),
                "you are all worthless idiots", List.of(), List.of("555"));
        gateway.publish(exempt);
        model.script(Scenario.SAFETY_FLAGGED);
        DiscordEvent toxic = say(on, "you are all worthless idiots");
        awaitRequest(toxic);
        gateway.publish(toxic);
        model.script(Scenario.SAFETY_FLAGGED);
        DiscordEvent next = say(on, "and you too, idiots");
        awaitRequest(next);

        assertThat(requested(ignored)).isFalse();
        assertThat(requested(exempt)).isFalse();
        assertThat(model.requests()).as("one call per judged message, none for the redelivery").hasSize(2);
        assertThat(published.stream().filter(e -> e.id().equals("ai-automod:" + toxic.id()))).hasSize(1);
        assertThat(usage(off, null)).isZero();
    }
}
