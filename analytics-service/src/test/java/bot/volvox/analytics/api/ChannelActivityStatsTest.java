package bot.volvox.analytics.api;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The guild analytics' figures that need more than the counters: top channels and the day-of-week × hour heatmap
 * (from {@code discord.message} into {@code channel_activity}) and new members (from {@code discord.member} into
 * {@code member_joins}), ingested through Kafka over a month and read back from the endpoint. Seed: in the month,
 * 6 messages in channel A at one hour 3 days ago, 3 in channel B at one hour 10 days and 5 hours ago, 1 in channel C 20 days ago
 * at the same weekday and hour as the first (so it shares A's heatmap cell), and 2 in A 40 days ago (outside the
 * month); joins of two members in the month (one delivered twice), one bot, and one member 40 days ago.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ChannelActivityStatsTest extends AnalyticsTestBase {
    private static final String A = "731000000000000001";
    private static final String B = "731000000000000002";
    private static final String C = "731000000000000003";

    @Test
    void topChannelsHeatmapAndNewMembersOfASeededMonth() {
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        Instant now = Instant.now();
        Instant threeDays = now.minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plusSeconds(60);
        // 7 days before the first, so the same weekday: 5 hours earlier, so another cell of the heatmap
        Instant tenDays = now.minus(10, ChronoUnit.DAYS).minus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
                .plusSeconds(60);
        Instant threeWeeks = threeDays.minus(21, ChronoUnit.DAYS); // 24 days ago: same weekday and hour
        Instant old = now.minus(40, ChronoUnit.DAYS);
        List<String> users = List.of(DiscordEvents.snowflake(), DiscordEvents.snowflake());
        for (int i = 0; i < 6; i++) {
            gateway.publish(message(guild, A, users.get(i % 2), "channel a message " + i, threeDays.plusSeconds(i)));
        }
        for (int i = 0; i < 3; i++) {
            gateway.publish(message(guild, B, users.get(i % 2), "channel b message " + i, tenDays.plusSeconds(i)));
        }
        gateway.publish(message(guild, C, users.get(0), "channel c message", threeWeeks));
        gateway.publish(message(guild, A, users.get(1), "an old message", old));
        gateway.publish(message(guild, A, users.get(1), "another old message", old.plusSeconds(1)));

        DiscordEvent joined = join(guild, DiscordEvents.snowflake(), false, now.minus(2, ChronoUnit.DAYS));
        gateway.publish(joined);
        gateway.publish(joined); // a redelivery: the same join
        gateway.publish(join(guild, DiscordEvents.snowflake(), false, now.minus(5, ChronoUnit.DAYS)));
        gateway.publish(join(guild, DiscordEvents.snowflake(), true, now.minus(5, ChronoUnit.DAYS)));
        String last = DiscordEvents.snowflake();
        gateway.publish(join(guild, last, false, old));
        await().atMost(WAIT).until(() -> count(
                "SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild) == 12);
        await().atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM member_joins WHERE guild_id = $1 AND user_id = $2", guild, last) == 1);

        int dayA = threeDays.atOffset(ZoneOffset.UTC).getDayOfWeek().getValue();
        int hourA = threeDays.atOffset(ZoneOffset.UTC).getHour();
        DayOfWeek dayB = tenDays.atOffset(ZoneOffset.UTC).getDayOfWeek();
        int hourB = tenDays.atOffset(ZoneOffset.UTC).getHour();
        boolean bFirst = dayB.getValue() < dayA || dayB.getValue() == dayA && hourB < hourA;
        given().header("x-api-secret", SECRET).queryParam("range", "month")
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200)
                .body("messages.total", equalTo(10))
                .body("messages.topChannels.channelId", contains(A, B, C))
                .body("messages.topChannels.messages", contains(6, 3, 1))
                .body("messages.heatmap", hasSize(2))
                .body("messages.heatmap.dayOfWeek", bFirst ? contains(dayB.getValue(), dayA)
                        : contains(dayA, dayB.getValue()))
                .body("messages.heatmap.hour", bFirst ? contains(hourB, hourA) : contains(hourA, hourB))
                .body("messages.heatmap.messages", bFirst ? contains(3, 7) : contains(7, 3))
                .body("newMembers", equalTo(2));

        // the channel filter applies to the messages as to the commands
        given().header("x-api-secret", SECRET).queryParam("range", "month").queryParam("channelId", B)
                .when().get("/api/v1/guilds/" + guild + "/analytics")
                .then().statusCode(200)
                .body("messages.total", equalTo(3))
                .body("messages.topChannels.channelId", contains(B));
        assertNoDoubleCountAfterWaitingFor(guild);
    }

    /** The join delivered twice is stored once (the bot is not stored): 3 rows, and they stay 3. */
    private void assertNoDoubleCountAfterWaitingFor(String guild) {
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM member_joins WHERE guild_id = $1", guild) == 3);
    }

    private static DiscordEvent join(String guild, String user, boolean bot, Instant at) {
        return DiscordEvent.of(UUID.randomUUID().toString(), at, guild, new EventPayload.MemberJoined(
                new EventPayload.Author(user, "member" + user.substring(user.length() - 4), null, bot, false),
                at.minus(400, ChronoUnit.DAYS), at));
    }
}
