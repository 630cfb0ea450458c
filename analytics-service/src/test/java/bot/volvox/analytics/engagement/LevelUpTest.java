package bot.volvox.analytics.engagement;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class LevelUpTest extends AnalyticsTestBase {
    private static final String FIRST_ROLE = "720000000000000001";
    private static final String SECOND_ROLE = "720000000000000002";
    private static final String THIRD_ROLE = "720000000000000003";

    @jakarta.inject.Inject
    LevelUpLimits limits;

    @Test
    void reachingTwoLevelsAtOnceRunsEachLevelsActionsOnce() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [300, 300]}");
        configure(guild, "xp", """
                {"enabled": true,
                 "levelActions": [{"level": 1, "actions": [
                    {"type": "grantRole", "roleId": "%s"},
                    {"type": "announce", "channelMode": "current", "message": "{{mention}} reached level {{level}}!"}]}],
                 "defaultActions": [{"type": "grantRole", "roleId": "%s"}],
                 "roleRewards": {"stackRoles": false},
                 "levelUpDm": {"enabled": true, "sendOnEveryLevel": true}}""".formatted(FIRST_ROLE, SECOND_ROLE));
        String user = DiscordEvents.snowflake();
        DiscordEvent message = message(guild, user, "a message worth two levels", Instant.now());
        gateway.publish(message);
        // a redelivery (same offsets) is ExactlyOnceTest's: the same event published twice would count twice

        // level 1 (100): FIRST_ROLE without SECOND_ROLE, announcement, DM; level 2 (300): SECOND_ROLE without
        // FIRST_ROLE, DM
        await().atMost(WAIT).until(() -> gateway.distinctActions(guild).size() >= 7);
        List<String> done = gateway.distinctActions(guild).stream().map(LevelUpTest::describe).toList();
        assertThat(done).containsExactlyInAnyOrder(
                "REMOVE_ROLE " + SECOND_ROLE, "ADD_ROLE " + FIRST_ROLE,
                "SEND_MESSAGE " + DiscordEvents.CHANNEL_ID + " <@" + user + "> reached level 1!",
                "SEND_DM 🎉 You reached **Level 1** in **the server**! Keep chatting!",
                "REMOVE_ROLE " + FIRST_ROLE, "ADD_ROLE " + SECOND_ROLE,
                "SEND_DM 🎉 You reached **Level 2** in **the server**! Keep chatting!");
        assertThat(rows("SELECT level FROM reputation WHERE guild_id = $1 AND user_id = $2", guild, user).get(0)
                .getInteger("level")).isEqualTo(2);
    }

    @Test
    void anXpBonusIsEarnedOnceWithItsLevelWithoutRecomputingTheLevel() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [150, 150], \"xpCooldownSeconds\": 0}");
        configure(guild, "xp", """
                {"enabled": true,
                 "levelActions": [{"level": 1, "actions": [{"type": "xpBonus", "amount": 500}]}]}""");
        String user = DiscordEvents.snowflake();
        Instant now = Instant.now();
        DiscordEvent first = message(guild, user, "a message worth one level", now);
        gateway.publish(first);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM reputation WHERE guild_id = $1 AND user_id = $2 "
                + "AND messages_count = 1", guild, user) == 1);
        // 150 reaches level 1 (100) and its bonus 500; 650 would be level 3, but the bonus recomputes nothing
        assertThat(xpAndLevel(guild, user)).isEqualTo("650:1");

        gateway.publish(message(guild, user, "the next message recomputes the level", now.plusSeconds(1)));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM reputation WHERE guild_id = $1 AND user_id = $2 "
                + "AND messages_count = 2", guild, user) == 1);
        assertThat(xpAndLevel(guild, user)).isEqualTo("800:3"); // levels 2 and 3 have no bonus
    }

    @Test
    void nicknameAffixesAreRequestedWithTheLevelRendered() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [150, 150]}");
        configure(guild, "xp", """
                {"enabled": true,
                 "defaultActions": [{"type": "nickPrefix", "prefix": "⭐ "},
                                    {"type": "nickSuffix", "suffix": " [L{{level}}]"}]}""");
        String user = DiscordEvents.snowflake();
        gateway.publish(message(guild, user, "a message worth one level", Instant.now()));
        await().atMost(WAIT).until(() -> gateway.distinctActions(guild).size() >= 2);
        assertThat(gateway.distinctActions(guild)).extracting(DiscordAction::params).containsExactlyInAnyOrder(
                new ActionParams.AffixNickname(user, "⭐ ", null), new ActionParams.AffixNickname(user, null, " [L1]"));
    }

    @Test
    void aThirdRoleChangeWithinAMinuteIsNotRequested() {
        String guild = DiscordEvents.guild();
        configure(guild, "reputation", "{\"enabled\": true, \"xpPerMessage\": [300, 300], \"xpCooldownSeconds\": 0}");
        configure(guild, "xp", """
                {"enabled": true,
                 "levelActions": [
                   {"level": 1, "actions": [{"type": "grantRole", "roleId": "%s"}]},
                   {"level": 2, "actions": [{"type": "grantRole", "roleId": "%s"}]},
                   {"level": 3, "actions": [{"type": "grantRole", "roleId": "%s"},
                                            {"type": "announce", "message": "level {{level}}"}]}],
                 "roleRewards": {"stackRoles": true}}""".formatted(FIRST_ROLE, SECOND_ROLE, THIRD_ROLE));
        String user = DiscordEvents.snowflake();
        Instant now = Instant.now();
        gateway.publish(message(guild, user, "a message worth two levels", now)); // 300 XP: levels 1 and 2
        await().atMost(WAIT).until(() -> gateway.distinctActions(guild).size() >= 2);
        gateway.publish(message(guild, user, "a message worth a third level", now.plusSeconds(1))); // 600: level 3
        await().atMost(WAIT).until(() -> gateway.distinctActions(guild).size() >= 3);

        // the announcement of level 3 went out; its role did not: two role changes already in the last 60 s
        assertThat(gateway.distinctActions(guild).stream().map(LevelUpTest::describe).toList())
                .containsExactlyInAnyOrder("ADD_ROLE " + FIRST_ROLE, "ADD_ROLE " + SECOND_ROLE,
                        "SEND_MESSAGE " + DiscordEvents.CHANNEL_ID + " level 3");
    }

    @Test
    void aBatchProcessedAgainKeepsItsPlacesInTheWindow() {
        Activity.Key user = new Activity.Key(DiscordEvents.guild(), DiscordEvents.snowflake());
        LevelUpLimits.Scope roles = LevelUpLimits.roleChanges(user);
        List<LevelUps.Planned> batch = List.of(
                new LevelUps.Planned(addRole(user, FIRST_ROLE), roles, "levelup:1:action:0"),
                new LevelUps.Planned(addRole(user, SECOND_ROLE), roles, "levelup:2:action:0"));
        assertThat(limits.allowed(batch).await().atMost(WAIT)).hasSize(2);
        // the same batch again (its commit failed): the same two role changes, not refused by their own places
        assertThat(limits.allowed(batch).await().atMost(WAIT)).hasSize(2);
        List<LevelUps.Planned> another = List.of(
                new LevelUps.Planned(addRole(user, THIRD_ROLE), roles, "levelup:3:action:0"));
        assertThat(limits.allowed(another).await().atMost(WAIT)).isEmpty();
    }

    private static DiscordAction addRole(Activity.Key user, String role) {
        return DiscordAction.of(java.util.UUID.randomUUID(), user.guildId(), "Level up", null,
                new ActionParams.AddRole(user.userId(), role));
    }

    private String xpAndLevel(String guild, String user) {
        var row = rows("SELECT xp, level FROM reputation WHERE guild_id = $1 AND user_id = $2", guild, user).get(0);
        return row.getInteger("xp") + ":" + row.getInteger("level");
    }

    private static String describe(DiscordAction action) {
        ActionParams params = action.params();
        if (params instanceof ActionParams.AddRole add) {
            return "ADD_ROLE " + add.roleId();
        }
        if (params instanceof ActionParams.RemoveRole remove) {
            return "REMOVE_ROLE " + remove.roleId();
        }
        if (params instanceof ActionParams.SendMessage send) {
            return "SEND_MESSAGE " + send.channelId() + " " + send.body().content();
        }
        if (params instanceof ActionParams.SendDm dm) {
            return "SEND_DM " + dm.body().content();
        }
        return action.kind().name();
    }
}
