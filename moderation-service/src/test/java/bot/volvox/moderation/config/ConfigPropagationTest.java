package bot.volvox.moderation.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.ConfigChanged;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.guildconfig.ConfigChangeListener;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.PoisonRecords;
import bot.volvox.platform.redis.SharedCache;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class ConfigPropagationTest extends ModerationTestBase {

    @Inject
    GuildConfigs configs;

    @Inject
    ConfigChangeListener listener;

    @Inject
    MeterRegistry registry;

    @Inject
    SharedCache shared;

    /** Where {@link GuildConfigs} shares a scope's rows. */
    private static final String SHARED_KEY = "config:rows:";

    @Test
    void configSetWritesTheGuildOverrideMergedOverTheDefaults() {
        String guild = DiscordEvents.guild();
        DiscordEvent set = slash(guild, Invoker.admin(), "config", "set",
                string("path", "moderation.warnings.expiryDays"), string("value", "30"));
        send(set);

        assertThat(reply(set)).contains("`moderation.warnings.expiryDays` set to `30`");
        assertThat(rows("SELECT value::text FROM config WHERE guild_id = $1 AND key = 'moderation'", guild).get(0)
                .getString(0)).isEqualTo("{\"warnings\": {\"expiryDays\": 30}}");
        var effective = configs.effective(guild).await().atMost(Duration.ofSeconds(5));
        assertThat(effective.at("/moderation/warnings/expiryDays").asInt()).isEqualTo(30);
        assertThat(effective.at("/moderation/warnings/severityPoints/high").asInt()).isEqualTo(3);

        DiscordEvent refused = slash(guild, Invoker.admin(), "config", "set", string("path", "logging"),
                string("value", "1"));
        send(refused);
        assertThat(reply(refused)).contains("Invalid path");

        DiscordEvent outOfRange = slash(guild, Invoker.admin(), "config", "set",
                string("path", "moderation.warnings.expiryDays"), string("value", "0"));
        send(outOfRange);
        assertThat(reply(outOfRange)).isEqualTo(
                "❌ Invalid value: `moderation.warnings.expiryDays` must be greater than or equal to 1.");
        assertThat(configs.effective(guild).await().atMost(Duration.ofSeconds(5))
                .at("/moderation/warnings/expiryDays").asInt()).isEqualTo(30);

        // a writable section the guild has no overrides in, and the defaults do not name, can be set
        DiscordEvent newSection = slash(guild, Invoker.admin(), "config", "set", string("path", "welcome.message"),
                string("value", "hello"));
        send(newSection);
        assertThat(reply(newSection)).contains("`welcome.message` set to `\"hello\"`");
    }

    @Test
    void theTimeZoneIsAValidatedIanaZone() {
        String guild = DiscordEvents.guild();
        assertThat(configs.settings(guild).await().atMost(Duration.ofSeconds(5)).general().timezone())
                .isEqualTo("UTC");
        DiscordEvent bad = slash(guild, Invoker.admin(), "config", "set", string("path", "general.timezone"),
                string("value", "Mars/Olympus"));
        send(bad);
        assertThat(reply(bad)).isEqualTo("❌ Invalid value: `general.timezone` must be an IANA time zone such as "
                + "Europe/Paris, America/New_York or UTC.");
        DiscordEvent offset = slash(guild, Invoker.admin(), "config", "set", string("path", "general.timezone"),
                string("value", "+02:00"));
        send(offset);
        assertThat(reply(offset)).startsWith("❌ Invalid value: `general.timezone`");

        DiscordEvent good = slash(guild, Invoker.admin(), "config", "set", string("path", "general.timezone"),
                string("value", "Europe/Paris"));
        send(good);
        assertThat(reply(good)).contains("`general.timezone` set to `\"Europe/Paris\"`");
        assertThat(configs.settings(guild).await().atMost(Duration.ofSeconds(5)).general().zone())
                .isEqualTo(java.time.ZoneId.of("Europe/Paris"));
    }

    @Test
    void configViewFitsDiscordsLimitsWithEveryCodeBlockClosed() {
        String guild = DiscordEvents.guild();
        // a long value makes the whole configuration far longer than one message
        DiscordEvent longWords = slash(guild, Invoker.admin(), "config", "set", string("path", "moderation.automod.words.words"),
                string("value", "[" + String.join(",", java.util.Collections.nCopies(300, "\"someverylongword\"")) + "]"));
        send(longWords);
        assertThat(reply(longWords)).contains("set to");

        DiscordEvent view = slash(guild, Invoker.admin(), "config", "view");
        send(view);
        var body = await().atMost(WAIT).until(() -> gateway.followups(view), list -> !list.isEmpty()).get(0).body();
        assertThat(body.content()).isNull();
        var embed = body.embeds().get(0);
        assertThat(embed.title()).isEqualTo("⚙️ Bot Configuration");
        int length = embed.title().length() + embed.description().length() + embed.footer().length();
        for (var field : embed.fields()) {
            length += field.name().length() + field.value().length();
            assertThat(field.value().length()).isLessThanOrEqualTo(1024);
            if (field.value().startsWith("```")) {
                assertThat(field.value()).startsWith("```json\n").endsWith("\n```");
                assertThat(field.value().split("```", -1)).hasSize(3);
            }
        }
        assertThat(length).isLessThanOrEqualTo(6000);
        assertThat(embed.fields().size()).isLessThanOrEqualTo(25);
        assertThat(embed.fields()).extracting(f -> f.name()).contains("MODERATION", "PERMISSIONS");
        assertThat(embed.fields().stream().filter(f -> f.name().equals("MODERATION")).findFirst().orElseThrow()
                .value()).endsWith("...\n```");
        var readable = ConfigPatch.readable(configs.effective(guild).await().atMost(Duration.ofSeconds(5)));
        var last = embed.fields().get(embed.fields().size() - 1);
        if (last.name().equals("⚠️ Truncated")) {
            readable.fieldNames().forEachRemaining(name -> assertThat(embed.fields().stream()
                    .anyMatch(f -> f.name().equals(name.toUpperCase(java.util.Locale.ROOT))) || last.value().contains(name))
                    .as(name).isTrue());
        } else {
            assertThat(embed.fields()).hasSize(readable.size());
        }

        DiscordEvent section = slash(guild, Invoker.admin(), "config", "view", string("section", "auditLog"));
        send(section);
        var one = await().atMost(WAIT).until(() -> gateway.followups(section), list -> !list.isEmpty()).get(0).body()
                .embeds().get(0);
        assertThat(one.description()).isEqualTo("**AUDITLOG Configuration**");
        assertThat(one.fields().get(0).value()).contains("\"retentionDays\" : 90");
        DiscordEvent unknown = slash(guild, Invoker.admin(), "config", "view", string("section", "nope"));
        send(unknown);
        assertThat(reply(unknown)).isEqualTo("❌ Section `nope` not found in config.");
    }

    @Test
    void aReplayedConfigSetRepublishesItsAnswerAndChangesNothing() {
        String guild = DiscordEvents.guild();
        DiscordEvent first = slash(guild, Invoker.admin(), "config", "set",
                string("path", "moderation.warnings.expiryDays"), string("value", "30"));
        send(first);
        assertThat(reply(first)).contains("set to `30`");
        DiscordEvent second = slash(guild, Invoker.admin(), "config", "set",
                string("path", "moderation.warnings.expiryDays"), string("value", "45"));
        send(second);
        assertThat(reply(second)).contains("set to `45`");

        // a restart that resumes from an older committed offset delivers the first command again
        send(first);

        List<DiscordAction> answers = await().atMost(WAIT).until(() -> actionsOf(first.id()), all -> all.size() == 2);
        assertThat(answers.get(1)).usingRecursiveComparison().ignoringFields("requestedAt").isEqualTo(answers.get(0));
        assertThat(rows("SELECT value::text FROM config WHERE guild_id = $1 AND key = 'moderation'", guild).get(0)
                .getString(0)).isEqualTo("{\"warnings\": {\"expiryDays\": 45}}");
        assertThat(answerClaims(first)).as("a write answered at once is claimed with its answer").isOne();
    }

    @Test
    void aRedeliveredConfigViewReadsAgainUnclaimed() {
        String guild = DiscordEvents.guild();
        DiscordEvent view = slash(guild, Invoker.admin(), "config", "view", string("section", "auditLog"));
        send(view);
        send(view);

        List<DiscordAction> answers = await().atMost(WAIT).until(() -> actionsOf(view.id()), all -> all.size() == 2);
        assertThat(answers).extracting(DiscordAction::actionId).containsOnly(answers.get(0).actionId());
        assertThat(answerClaims(view)).as("/config view only reads").isZero();
    }

    private long answerClaims(DiscordEvent event) {
        return count("SELECT count(*) FROM processed_events WHERE consumer = 'moderation-service/answers' "
                + "AND event_id = $1", event.id());
    }

    @Test
    void aChangeAnnouncedOnVolvoxConfigReachesTheCacheWithinOneSecond() throws Exception {
        String guild = DiscordEvents.guild();
        assertThat(listener.awaitAssigned(Duration.ofSeconds(10))).isTrue();
        assertThat(configs.effective(guild).await().atMost(Duration.ofSeconds(5)).at("/moderation/autoDelete")
                .asBoolean()).isFalse();
        assertThat(configs.isMemoized(guild)).isTrue();
        // another replica (or service) writes the row and announces it
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, 'moderation', '{\"autoDelete\": true}'::jsonb)",
                guild);
        configs.invalidate(guild).await().atMost(Duration.ofSeconds(5));
        configs.effective(guild).await().atMost(Duration.ofSeconds(5));
        rows("UPDATE config SET value = '{\"autoDelete\": false, \"alertChannelId\": \"42\"}'::jsonb "
                + "WHERE guild_id = $1", guild);
        // as the writer does before announcing: the shared copy now holds the committed rows
        shared.put(SHARED_KEY + guild, "{\"moderation\": {\"autoDelete\": false, \"alertChannelId\": \"42\"}}",
                Duration.ofMinutes(10)).await().atMost(Duration.ofSeconds(5));
        Instant published = Instant.now();
        gateway.publish(DiscordEvent.of(UUID.randomUUID().toString(), published, guild,
                new ConfigChanged("moderation", "moderation.alertChannelId", "someone")));

        await().atMost(Duration.ofSeconds(1)).until(() -> !configs.isMemoized(guild));
        assertThat(configs.effective(guild).await().atMost(Duration.ofSeconds(5)).at("/moderation/alertChannelId")
                .asText()).isEqualTo("42");
    }

    @Test
    void aReaderThatLoadedTheRowsBeforeAWriteCannotLeaveThemInTheSharedCache() {
        String guild = DiscordEvents.guild();
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, 'reminders', '{\"enabled\": false}'::jsonb)",
                guild);
        configs.invalidate(guild).await().atMost(Duration.ofSeconds(5));
        String loadedBeforeTheWrite = configs.rows(guild).await().atMost(Duration.ofSeconds(5)).toString();

        rows("UPDATE config SET value = '{\"enabled\": true}'::jsonb WHERE guild_id = $1 AND key = 'reminders'", guild);
        configs.invalidate(guild).await().atMost(Duration.ofSeconds(5));
        // the slow reader now fills "its miss" with what it loaded before the write
        shared.putIfAbsent(SHARED_KEY + guild, loadedBeforeTheWrite, Duration.ofMinutes(10))
                .await().atMost(Duration.ofSeconds(5));
        configs.invalidateLocal(guild);

        assertThat(configs.settings(guild).await().atMost(Duration.ofSeconds(5)).reminders().enabled()).isTrue();
    }

    @Test
    void anUnreadableVolvoxConfigRecordIsSkippedCountedAndTheListenerGoesOn() throws Exception {
        String guild = DiscordEvents.guild();
        assertThat(listener.awaitAssigned(Duration.ofSeconds(10))).isTrue();
        double skippedBefore = skipped();
        gateway.publishRaw(Topics.CONFIG, guild, "{\"not\": \"a config change\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> skipped() == skippedBefore + 1);

        // the next, valid change is still applied
        configs.effective(guild).await().atMost(Duration.ofSeconds(5));
        assertThat(configs.isMemoized(guild)).isTrue();
        gateway.publish(DiscordEvent.of(UUID.randomUUID().toString(), Instant.now(), guild,
                new ConfigChanged("moderation", "moderation.autoDelete", "someone")));
        await().atMost(Duration.ofSeconds(1)).until(() -> !configs.isMemoized(guild));
    }

    private double skipped() {
        var counter = registry.find(PoisonRecords.METRIC).tag("channel", Topics.CONFIG)
                .tag("outcome", PoisonRecords.SKIPPED).counter();
        return counter == null ? 0 : counter.count();
    }
}
