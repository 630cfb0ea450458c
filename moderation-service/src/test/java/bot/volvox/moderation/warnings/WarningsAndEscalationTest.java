package bot.volvox.moderation.warnings;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

import static bot.volvox.platform.testing.discord.DiscordEvents.integer;
import static bot.volvox.platform.testing.discord.DiscordEvents.member;
import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class WarningsAndEscalationTest extends ModerationTestBase {

    @Inject
    ConfigWriter writer;

    private DiscordEvent warn(String guild, Invoker moderator, String target, String severity) {
        DiscordEvent warn = slash(guild, moderator, "warn", null, member("user", target), string("reason", "rude"),
                string("severity", severity));
        send(warn);
        assertThat(reply(warn)).contains("has been warned");
        return warn;
    }

    @Test
    void warnWritesCaseAndWarningTogetherAndTheWarningCommandsManageThem() {
        String guild = DiscordEvents.guild();
        Invoker moderator = Invoker.admin();
        String target = snowflake();
        warn(guild, moderator, target, "high");
        warn(guild, moderator, target, "low");

        Row first = rows("SELECT w.*, c.case_number FROM warnings w JOIN mod_cases c ON c.id = w.case_id "
                + "WHERE w.guild_id = $1 ORDER BY w.id", guild).get(0);
        assertThat(first.getString("severity")).isEqualTo("high");
        assertThat(first.getInteger("points")).isEqualTo(3);
        assertThat(first.getInteger("case_number")).isEqualTo(1);
        assertThat(first.getOffsetDateTime("expires_at")).isNotNull();
        int firstId = first.getInteger("id");

        DiscordEvent list = slash(guild, moderator, "warnings", null, member("user", target));
        send(list);
        assertThat(reply(list)).contains("Active warnings", "4").contains("#" + firstId);

        DiscordEvent edit = slash(guild, moderator, "editwarn", null, integer("id", firstId), string("severity", "medium"));
        send(edit);
        assertThat(reply(edit)).contains("updated (medium, 2 pt)");

        DiscordEvent remove = slash(guild, moderator, "removewarn", null, integer("id", firstId));
        send(remove);
        assertThat(reply(remove)).contains("removed");
        DiscordEvent removeAgain = slash(guild, moderator, "removewarn", null, integer("id", firstId));
        send(removeAgain);
        assertThat(reply(removeAgain)).contains("not found or not active");

        DiscordEvent clear = slash(guild, moderator, "clearwarnings", null, member("user", target));
        send(clear);
        assertThat(reply(clear)).contains("Cleared 1 active warning(s)");
        assertThat(count("SELECT count(*) FROM warnings WHERE guild_id = $1 AND active", guild)).isZero();
        assertThat(rows("SELECT removal_reason FROM warnings WHERE guild_id = $1 ORDER BY id DESC", guild).get(0)
                .getString(0)).isEqualTo("Bulk clear");
    }

    @Test
    void aThresholdFiresOnceForTheWarningsItCountedAndAgainOnlyForNewOnes() throws Exception {
        String guild = DiscordEvents.guild();
        writer.set(guild, "moderation.escalation", VolvoxJson.MAPPER.readTree("""
                {"enabled": true, "thresholds": [{"warns": 2, "withinDays": 7, "action": "timeout", "duration": "1h"}]}"""),
                "test").await().atMost(Duration.ofSeconds(10));
        Invoker moderator = Invoker.admin();
        String target = snowflake();

        warn(guild, moderator, target, "low");
        assertThat(escalations(guild)).isZero();
        warn(guild, moderator, target, "low");
        await().atMost(WAIT).until(() -> escalations(guild) == 1);
        warn(guild, moderator, target, "low");
        warn(guild, moderator, target, "low");
        await().atMost(WAIT).until(() -> escalations(guild) == 2);
        Row escalation = rows("SELECT * FROM mod_cases WHERE guild_id = $1 AND action = 'timeout' ORDER BY case_number",
                guild).get(0);
        assertThat(escalation.getString("reason")).isEqualTo("Auto-escalation: 2 active warns in 7 days");
        assertThat(escalation.getString("duration")).isEqualTo("1h");
        assertThat(escalation.getString("moderator_id")).isNotEqualTo(moderator.id());
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND action = 'warn'", guild)).isEqualTo(4);
    }

    @Test
    void theFirstThresholdReachedFiresAndEachCountsOnlyWarningsAfterItsOwnLastFiring() throws Exception {
        String guild = DiscordEvents.guild();
        writer.set(guild, "moderation.escalation", VolvoxJson.MAPPER.readTree("""
                {"enabled": true, "thresholds": [
                  {"warns": 3, "withinDays": 7, "action": "timeout", "duration": "1h"},
                  {"warns": 5, "withinDays": 30, "action": "ban"}]}"""), "test")
                .await().atMost(Duration.ofSeconds(10));
        Invoker moderator = Invoker.admin();
        String target = snowflake();
        for (int i = 0; i < 3; i++) {
            warn(guild, moderator, target, "low");
        }
        await().atMost(WAIT).until(() -> escalations(guild) == 1);
        warn(guild, moderator, target, "low");
        assertThat(count("SELECT count(*) FROM mod_escalations WHERE guild_id = $1", guild)).isEqualTo(1);
        warn(guild, moderator, target, "low");
        await().atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND action = 'ban'", guild) == 1);

        assertThat(rows("SELECT threshold_key, action FROM mod_escalations WHERE guild_id = $1 ORDER BY id", guild)
                .stream().map(row -> row.getString(0) + " " + row.getString(1)).toList())
                .containsExactly("3w/-p/7d/timeout timeout", "5w/-p/30d/ban ban");
        // the firing's operation id names the threshold's position in the guild's list
        assertThat(rows("SELECT id FROM mod_operations WHERE guild_id = $1 AND id LIKE 'escalation:%' ORDER BY id",
                guild).stream().map(row -> row.getString(0).substring(row.getString(0).lastIndexOf(':') + 1))
                .sorted().toList()).containsExactly("0", "1");
        assertThat(rows("SELECT reason FROM mod_cases WHERE guild_id = $1 AND action = 'ban'", guild).get(0)
                .getString(0)).isEqualTo("Auto-escalation: 5 active warns in 30 days");
        assertThat(escalations(guild)).isEqualTo(1);
    }

    private long escalations(String guild) {
        return count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND action = 'timeout'", guild);
    }

    @Test
    void pointsThresholdsCount() throws Exception {
        String guild = DiscordEvents.guild();
        writer.set(guild, "moderation.escalation", VolvoxJson.MAPPER.readTree("""
                {"enabled": true, "thresholds": [{"points": 5, "action": "ban"}]}"""), "test")
                .await().atMost(Duration.ofSeconds(10));
        Invoker moderator = Invoker.admin();
        String target = snowflake();
        warn(guild, moderator, target, "high");
        warn(guild, moderator, target, "medium");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND action = 'ban'",
                guild) == 1);
        assertThat(rows("SELECT reason FROM mod_cases WHERE guild_id = $1 AND action = 'ban'", guild).get(0)
                .getString(0)).isEqualTo("Auto-escalation: 5 warning points");
    }

    @Test
    void warningsExpireOnTheirOwnAfterTheirTimeAndNotBefore() {
        String guild = DiscordEvents.guild();
        Row warning = rows("""
                INSERT INTO warnings (guild_id, user_id, moderator_id, moderator_tag, expires_at)
                VALUES ($1, 'u11', 'm', 'm', now() + interval '2 seconds') RETURNING id, expires_at""", guild).get(0);
        Row lasting = rows("""
                INSERT INTO warnings (guild_id, user_id, moderator_id, moderator_tag, expires_at)
                VALUES ($1, 'u11', 'm', 'm', now() + interval '1 day') RETURNING id""", guild).get(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> !rows("SELECT active FROM warnings WHERE id = $1",
                warning.getInteger("id")).get(0).getBoolean("active"));
        Row expired = rows("SELECT removed_at, removal_reason, removed_by FROM warnings WHERE id = $1",
                warning.getInteger("id")).get(0);
        assertThat(expired.getString("removal_reason")).isEqualTo("Expired");
        assertThat(expired.getString("removed_by")).isNull();
        // never before its time; how soon after is the job's interval (1 s), which a loaded machine stretches, so the
        // await above bounds it loosely instead of a timed assertion
        assertThat(expired.getOffsetDateTime("removed_at").toInstant())
                .isAfterOrEqualTo(warning.getOffsetDateTime("expires_at").toInstant());
        assertThat(rows("SELECT active FROM warnings WHERE id = $1", lasting.getInteger("id")).get(0)
                .getBoolean("active")).isTrue();
    }
}
