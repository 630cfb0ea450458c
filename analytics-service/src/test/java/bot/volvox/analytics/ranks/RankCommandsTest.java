package bot.volvox.analytics.ranks;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class RankCommandsTest extends AnalyticsTestBase {

    /** Sends the command and waits for its answer. */
    private String reply(DiscordEvent interaction) {
        gateway.publish(interaction);
        return await().atMost(WAIT).until(() -> gateway.replies(interaction), list -> !list.isEmpty()).get(0);
    }

    private void xp(String guild, String user, int xp) {
        rows("INSERT INTO reputation (guild_id, user_id, xp) VALUES ($1, $2, $3)", guild, user, xp);
    }

    @Test
    void rankShowsLevelProgressAndPlace() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true}");
        Invoker me = Invoker.plain();
        xp(guild, me.id(), 450); // level 2 (300), next 600: 150 of 300 = 50 %
        xp(guild, DiscordEvents.snowflake(), 1000);

        DiscordEvent rank = DiscordEvents.slash(guild, me, "rank", null);
        String text = reply(rank);
        assertThat(text).contains("<@" + me.id() + ">").contains("**Level 2**").contains("Rank #2")
                .contains("XP: 450 / 600").contains("▓▓▓▓▓░░░░░ 50%");

        // read-only: a redelivery is answered again, under the same action id (the gateway sends it once), unclaimed
        gateway.publish(rank);
        List<DiscordAction> answers = await().atMost(WAIT).until(() -> gateway.actionsOf(rank.id()),
                all -> all.size() == 2);
        assertThat(answers).extracting(DiscordAction::actionId).containsOnly(answers.get(0).actionId());
        assertThat(count("SELECT count(*) FROM processed_events WHERE consumer = 'analytics-service/answers' "
                + "AND event_id = $1", rank.id())).isZero();
    }

    @Test
    void leaderboardListsTheTopWithMedalsAndIsFreshAfterXpChanges() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true}");
        String first = DiscordEvents.snowflake();
        String second = DiscordEvents.snowflake();
        xp(guild, first, 700);
        xp(guild, second, 120);
        String before = reply(DiscordEvents.slash(guild, Invoker.plain(), "leaderboard", null));
        assertThat(before.lines().toList()).containsExactly("🏆 **Leaderboard**",
                "🥇 <@" + first + "> — Level 3 · 700 XP", "🥈 <@" + second + "> — Level 1 · 120 XP");

        // XP earned through messages drops the cached leaderboard (the original's stayed stale for 5 minutes)
        String newcomer = DiscordEvents.snowflake();
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [1000, 1000]}");
        gateway.publish(message(guild, newcomer, "a message worth a lot of XP", Instant.now()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM reputation WHERE guild_id = $1 AND user_id = $2",
                guild, newcomer) == 1);
        String after = reply(DiscordEvents.slash(guild, Invoker.plain(), "leaderboard", null));
        assertThat(after.lines().toList()).element(1).isEqualTo("🥇 <@" + newcomer + "> — Level 4 · 1000 XP");
    }

    @Test
    void profileShowsCountersAndTheActivityBadge() {
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        Invoker me = Invoker.plain();
        rows("INSERT INTO user_stats (guild_id, user_id, messages_sent, reactions_given, reactions_received, "
                + "days_active) VALUES ($1, $2, 42, 3, 7, 8)", guild, me.id());

        String text = reply(DiscordEvents.slash(guild, me, "profile", null));
        assertThat(text).contains("🌿 Regular").contains("Messages: 42").contains("Reactions given: 3 · received: 7")
                .contains("Days active: 8");
    }

    @Test
    void withXpOffRankAndLeaderboardSaySo() {
        String guild = DiscordEvents.guild();
        for (String command : List.of("rank", "leaderboard")) {
            assertThat(reply(DiscordEvents.slash(guild, Invoker.plain(), command, null)))
                    .isEqualTo("❌ " + RankCommands.DISABLED);
        }
    }
}
