package bot.volvox.analytics.engagement;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ActivityTest extends AnalyticsTestBase {
    private static final GuildConfig DEFAULTS = GuildConfigs.read(GuildConfigs.defaults(), "defaults");

    private String trackedGuild() {
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [5, 15], \"xpCooldownSeconds\": 60}");
        return guild;
    }

    @Test
    void messagesAndReactionsAreCountedOnceAndEarnXpWithTheCooldown() {
        String guild = trackedGuild();
        String alice = DiscordEvents.snowflake();
        String bob = DiscordEvents.snowflake();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);
        DiscordEvent first = message(guild, alice, "hello everyone, how are you", start);
        DiscordEvent withinCooldown = message(guild, alice, "second message soon after", start.plusSeconds(30));
        DiscordEvent tooShort = message(guild, alice, "short", start.plusSeconds(90));
        DiscordEvent afterCooldown = message(guild, alice, "third one, a minute later", start.plusSeconds(120));
        DiscordEvent nextDay = message(guild, alice, "good morning, next day!", start.plus(1, ChronoUnit.DAYS));
        for (DiscordEvent event : new DiscordEvent[] { first, withinCooldown, tooShort, afterCooldown, nextDay }) {
            gateway.publish(event);
        }
        // A redelivery (the same records at the same offsets) is ExactlyOnceTest's: this consumer de-duplicates by
        // partition offset, so the same event published a second time would be counted again (README, "Exactly
        // once").
        gateway.publish(reaction(guild, bob, alice, start.plusSeconds(10)));
        gateway.publish(reaction(guild, alice, alice, start.plusSeconds(11))); // own message: given, not received

        await().atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM user_stats WHERE guild_id = $1 AND messages_sent = 5 AND reactions_given = 1",
                guild) == 1 && count("SELECT count(*) FROM user_stats WHERE guild_id = $1", guild) == 2);
        var aliceStats = rows("SELECT * FROM user_stats WHERE guild_id = $1 AND user_id = $2", guild, alice).get(0);
        assertThat(aliceStats.getInteger("reactions_received")).isEqualTo(1);
        assertThat(aliceStats.getInteger("days_active")).isEqualTo(2);
        assertThat(aliceStats.getOffsetDateTime("first_seen").toInstant()).isEqualTo(start);
        assertThat(aliceStats.getOffsetDateTime("last_active").toInstant()).isEqualTo(start.plus(1, ChronoUnit.DAYS));
        var bobStats = rows("SELECT * FROM user_stats WHERE guild_id = $1 AND user_id = $2", guild, bob).get(0);
        assertThat(bobStats.getInteger("reactions_given")).isEqualTo(1);
        assertThat(bobStats.getInteger("days_active")).isEqualTo(1);

        await().atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM reputation WHERE guild_id = $1 AND messages_count = 3", guild) == 1);
        var xp = rows("SELECT xp, level FROM reputation WHERE guild_id = $1 AND user_id = $2", guild, alice).get(0);
        int expected = Activity.xpFor(first.id(), 5, 15) + Activity.xpFor(afterCooldown.id(), 5, 15)
                + Activity.xpFor(nextDay.id(), 5, 15);
        assertThat(xp.getInteger("xp")).isEqualTo(expected).isBetween(15, 45);
        assertThat(xp.getInteger("level")).isEqualTo(Levels.of(expected, DEFAULTS.xp().levelThresholds()));
    }

    @Test
    void nothingIsCountedWhileTheGuildDoesNotTrack() {
        String untracked = DiscordEvents.guild();
        String tracked = trackedGuild();
        String user = DiscordEvents.snowflake();
        DiscordEvent untrackedMessage = message(untracked, user, "a message nobody tracks", Instant.now());
        gateway.publish(untrackedMessage);
        gateway.publish(message(tracked, user, "a message that is tracked", Instant.now()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM user_stats WHERE guild_id = $1", tracked) == 1);
        assertThat(count("SELECT count(*) FROM user_stats WHERE guild_id = $1", untracked)).isZero();
        assertThat(count("SELECT count(*) FROM reputation WHERE guild_id = $1", untracked)).isZero();
        assertThat(count("SELECT count(*) FROM channel_activity WHERE guild_id = $1", untracked))
                .as("no channel activity for an untracked guild").isZero();
    }

    @Test
    void unreadableRecordsAreDeadLetteredAndTheRestOfTheBatchIsCounted() {
        String guild = trackedGuild();
        String user = DiscordEvents.snowflake();
        String marker = "poison-" + UUID.randomUUID();
        try (var dlq = deadLetters("discord.message.dlq"); var reactionDlq = deadLetters("discord.reaction.dlq")) {
            gateway.publish(message(guild, user, "before the poison record", Instant.now()));
            gateway.publishRaw("discord.message", guild, "{\"id\": \"typeless-" + marker + "\", \"type\": \"no.such.type\"");
            gateway.publishRaw("discord.message", guild, "{\"id\": \"nullids-" + marker + "\", \"type\": "
                    + "\"message.created\", \"schemaVersion\": 1, \"occurredAt\": \"2026-01-01T00:00:00Z\", "
                    + "\"guildId\": \"" + guild + "\", \"payload\": {\"type\": \"message.created\", \"message\": "
                    + "{\"messageId\": null, \"author\": {\"id\": null}}}}");
            gateway.publishRaw("discord.reaction", guild, "not json " + marker);
            gateway.publish(message(guild, user, "after the poison record", Instant.now()));

            assertThat(awaitDeadLetters(dlq, "typeless-" + marker, "nullids-" + marker))
                    .allSatisfy(reason -> assertThat(reason).isNotBlank());
            assertThat(awaitDeadLetters(reactionDlq, marker)).allSatisfy(reason -> assertThat(reason).isNotBlank());
        }
        await().atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM user_stats WHERE guild_id = $1 AND messages_sent = 2", guild) == 1);
    }
}
