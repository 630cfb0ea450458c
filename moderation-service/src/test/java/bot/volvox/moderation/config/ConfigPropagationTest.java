package bot.volvox.moderation.config;

import static bot.volvox.moderation.testing.Events.slash;
import static bot.volvox.moderation.testing.Events.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.Events;
import bot.volvox.moderation.testing.Events.Invoker;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.ConfigChanged;
import bot.volvox.platform.guildconfig.ConfigChangeListener;
import bot.volvox.platform.guildconfig.GuildConfigs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class ConfigPropagationTest extends ModerationTestBase {

    @Inject
    GuildConfigs configs;

    @Inject
    ConfigChangeListener listener;

    @Test
    void configSetWritesTheGuildOverrideMergedOverTheDefaults() {
        String guild = Events.guild();
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
    }

    @Test
    void aChangeAnnouncedOnVolvoxConfigReachesTheCacheWithinOneSecond() throws Exception {
        String guild = Events.guild();
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
        Instant published = Instant.now();
        gateway.publish(DiscordEvent.of(UUID.randomUUID().toString(), published, guild,
                new ConfigChanged("moderation", "moderation.alertChannelId", "someone")));
        gateway.flush();

        await().atMost(Duration.ofSeconds(1)).until(() -> !configs.isMemoized(guild));
        assertThat(configs.effective(guild).await().atMost(Duration.ofSeconds(5)).at("/moderation/alertChannelId")
                .asText()).isEqualTo("42");
    }
}
