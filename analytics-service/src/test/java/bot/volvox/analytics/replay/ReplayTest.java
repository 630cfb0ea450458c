package bot.volvox.analytics.replay;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Live ingestion of a guild's messages, reactions, voice and command answers, then a replay of the retained topics
 * into emptied tables: every row the guild had is there again, equal, and no level-up is acted on twice.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ReplayTest extends AnalyticsTestBase {
    private static final String SECRET = "test-secret";
    private static final String ROOM = "730000000000000001";

    @Test
    void replayingTheRetainedTopicsIntoEmptiedTablesGivesWhatLiveIngestionGave() {
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [40, 90], \"xpCooldownSeconds\": 60}");
        configure(guild, "voice", "{\"enabled\": true, \"xpPerMinute\": 3, \"dailyXpCap\": 50}");
        configure(guild, "xp", "{\"enabled\": true, \"levelUpDm\": {\"enabled\": true, \"sendOnEveryLevel\": true}}");
        String ann = DiscordEvents.snowflake();
        String ben = DiscordEvents.snowflake();
        String cat = DiscordEvents.snowflake();
        Instant day1 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);
        Instant day2 = day1.plus(1, ChronoUnit.DAYS);

        // day 1: messages inside and outside the cooldown, one too short for XP
        List<DiscordEvent> messages = List.of(
                message(guild, ann, "good morning everyone", day1),
                message(guild, ann, "second message within the minute", day1.plusSeconds(30)),
                message(guild, ann, "a message after the cooldown", day1.plusSeconds(90)),
                message(guild, ben, "short", day1.plusSeconds(100)),
                message(guild, ben, "a long enough message from ben", day1.plusSeconds(200)));
        messages.forEach(gateway::publish);
        awaitMessages(guild, 5);
        // day 2: more messages, then reactions to them
        DiscordEvent annDay2 = message(guild, ann, "day two and still chatting", day2);
        gateway.publish(annDay2);
        gateway.publish(message(guild, cat, "cat says hello to the room", day2.plusSeconds(10)));
        awaitMessages(guild, 7);
        gateway.publish(reaction(guild, cat, ann, day2.plusSeconds(60)));
        gateway.publish(reaction(guild, ben, ann, day2.plusSeconds(70)));
        await().atMost(WAIT).until(() -> count("SELECT coalesce(sum(reactions_given), 0) FROM user_stats "
                + "WHERE guild_id = $1", guild) == 2);
        // voice on day 2: two sessions of ben, the second one capped
        gateway.publish(voice(guild, day2.plus(2, ChronoUnit.HOURS), new EventPayload.VoiceJoined(ben, ROOM)));
        gateway.publish(voice(guild, day2.plus(2, ChronoUnit.HOURS).plusSeconds(600),
                new EventPayload.VoiceLeft(ben, ROOM)));
        gateway.publish(voice(guild, day2.plus(3, ChronoUnit.HOURS), new EventPayload.VoiceJoined(ben, ROOM)));
        gateway.publish(voice(guild, day2.plus(3, ChronoUnit.HOURS).plusSeconds(900),
                new EventPayload.VoiceLeft(ben, ROOM)));
        gateway.publish(voice(guild, day2.plus(4, ChronoUnit.HOURS), new EventPayload.VoiceJoined(cat, ROOM)));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1", guild) == 3);
        // commands answered by other services: two completed, one refused
        gateway.publish(answered(guild, ann, "warn", true));
        gateway.publish(answered(guild, ben, "remind", true));
        gateway.publish(answered(guild, cat, "ban", false));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM command_usage WHERE guild_id = $1", guild) == 2);

        List<String> live = snapshot(guild);
        assertThat(live).as("what live ingestion stored").hasSizeGreaterThan(10)
                .anyMatch(row -> row.startsWith("reputation " + ben) && row.endsWith(" voice 25"));
        // ann's 233 XP reach level 1: its DM is the one action of the guild
        await().atMost(WAIT).until(() -> gateway.records(guild).size() == 1);

        given().header("x-api-secret", SECRET).when().post("/api/v1/admin/analytics/replay")
                .then().statusCode(400).body("field", equalTo("confirm"));
        given().header("x-api-secret", SECRET).queryParam("confirm", "empty-and-rebuild")
                .when().post("/api/v1/admin/analytics/replay")
                .then().statusCode(200)
                .body("activityEvents", greaterThanOrEqualTo(9))
                .body("voiceEvents", greaterThanOrEqualTo(5))
                .body("actionResults", greaterThanOrEqualTo(3));

        assertThat(snapshot(guild)).as("after the replay").isEqualTo(live);

        // the live consumers run again after the replay
        gateway.publish(voice(guild, day2.plus(5, ChronoUnit.HOURS), new EventPayload.VoiceLeft(cat, ROOM)));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM voice_sessions WHERE guild_id = $1 "
                + "AND left_at IS NULL", guild) == 0);
        assertThat(gateway.records(guild)).as("no level-up requested again by the replay").hasSize(1);
    }

    private void awaitMessages(String guild, int messages) {
        await().atMost(WAIT).until(() -> count("SELECT coalesce(sum(messages_sent), 0) FROM user_stats "
                + "WHERE guild_id = $1", guild) == messages);
    }

    /** Every row the guild has in the four tables, as text, in a fixed order (ids left out). */
    private List<String> snapshot(String guild) {
        List<String> rows = new java.util.ArrayList<>();
        rows("SELECT * FROM user_stats WHERE guild_id = $1 ORDER BY user_id", guild).forEach(row -> rows.add(
                "user_stats " + row.getString("user_id") + " messages " + row.getValue("messages_sent")
                        + " given " + row.getValue("reactions_given") + " received "
                        + row.getValue("reactions_received") + " days " + row.getValue("days_active") + " first "
                        + row.getValue("first_seen") + " last " + row.getValue("last_active")));
        rows("SELECT * FROM reputation WHERE guild_id = $1 ORDER BY user_id", guild).forEach(row -> rows.add(
                "reputation " + row.getString("user_id") + " xp " + row.getValue("xp") + " level "
                        + row.getValue("level") + " messages " + row.getValue("messages_count") + " last gain "
                        + row.getValue("last_xp_gain") + " voice " + row.getValue("voice_minutes")));
        rows("SELECT * FROM voice_sessions WHERE guild_id = $1 ORDER BY user_id, joined_at", guild).forEach(row ->
                rows.add("voice_sessions " + row.getString("user_id") + " " + row.getString("channel_id") + " "
                        + row.getValue("joined_at") + " " + row.getValue("left_at") + " "
                        + row.getValue("duration_seconds")));
        rows("SELECT * FROM command_usage WHERE guild_id = $1 ORDER BY id", guild).forEach(row -> rows.add(
                "command_usage " + row.getValue("id") + " " + row.getString("user_id") + " "
                        + row.getString("command_name") + " " + row.getValue("used_at")));
        return rows;
    }
}
