package bot.volvox.moderation.automod;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.message;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class AutoModTest extends ModerationTestBase {
    static final String CHANNEL = "710000000000000001";

    @Inject
    ConfigWriter writer;

    private String guildWith(String automodJson) throws Exception {
        String guild = DiscordEvents.guild();
        writer.set(guild, "moderation.automod", VolvoxJson.MAPPER.readTree(automodJson), "test")
                .await().atMost(Duration.ofSeconds(10));
        return guild;
    }

    private boolean deleted(DiscordEvent event) {
        return actionsOf("automod:" + event.id()).stream().anyMatch(a -> a.kind() == ActionKind.DELETE_MESSAGE);
    }

    private DiscordEvent say(String guild, String author, String text) {
        DiscordEvent event = message(guild, CHANNEL, author, text, List.of(), List.of());
        send(event);
        return event;
    }

    @Test
    void contentRulesDeleteAndFlag() throws Exception {
        String guild = guildWith("""
                {"enabled": true, "exemptRoleIds": ["555"],
                 "words": {"enabled": true, "words": ["badword"]},
                 "links": {"enabled": true, "blockedDomains": ["evil.example"]},
                 "invites": {"enabled": true}}""");
        String author = snowflake();
        DiscordEvent word = say(guild, author, "you BADWORD you");
        DiscordEvent invite = say(guild, author, "join discord.gg/abc123");
        DiscordEvent link = say(guild, author, "see https://www.sub.evil.example/x");
        DiscordEvent clean = say(guild, author, "a harmless note about badwords-ish things");
        DiscordEvent exempt = message(guild, CHANNEL, snowflake(), "badword", List.of(), List.of("555"));
        send(exempt);

        await().atMost(WAIT).until(() -> deleted(word) && deleted(invite) && deleted(link));
        assertThat(rows("SELECT reason FROM flagged_messages WHERE guild_id = $1 ORDER BY id", guild).stream()
                .map(r -> r.getString(0)).toList())
                .containsExactlyInAnyOrder("automod.words", "automod.invites", "automod.links");
        assertThat(deleted(clean)).isFalse();
        assertThat(deleted(exempt)).isFalse();
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void mentionSpamTimesOutWithACaseByTheBot() throws Exception {
        String guild = guildWith("""
                {"enabled": true, "mentions": {"enabled": true, "maxMentions": 2, "action": "timeout", "timeoutSeconds": 600}}""");
        String author = snowflake();
        DiscordEvent spam = message(guild, CHANNEL, author, "hi all",
                List.of(snowflake(), snowflake(), snowflake()), List.of());
        send(spam);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild) == 1);
        var row = rows("SELECT * FROM mod_cases WHERE guild_id = $1", guild).get(0);
        assertThat(row.getString("action")).isEqualTo("timeout");
        assertThat(row.getString("target_id")).isEqualTo(author);
        assertThat(row.getString("duration")).isEqualTo("10 minutes");
        assertThat(row.getString("reason")).startsWith("Auto-mod: mentions");
        assertThat(actionsOf("automod:" + spam.id()).stream().map(a -> a.kind()).distinct())
                .containsExactly(ActionKind.DELETE_MESSAGE, ActionKind.TIMEOUT);
    }

    @Test
    void messageRateAndDuplicatesUseTheSharedLimiter() throws Exception {
        String guild = guildWith("""
                {"enabled": true, "spam": {"enabled": true, "maxMessages": 3, "windowSeconds": 60, "action": "warn"},
                 "duplicates": {"enabled": true, "maxDuplicates": 2, "windowSeconds": 60, "action": "delete"}}""");
        String repeater = snowflake();
        say(guild, repeater, "same");
        say(guild, repeater, "same");
        DiscordEvent third = say(guild, repeater, "same");
        await().atMost(WAIT).until(() -> deleted(third));

        String fast = snowflake();
        say(guild, fast, "one");
        say(guild, fast, "two");
        say(guild, fast, "three");
        DiscordEvent fourth = say(guild, fast, "four");
        await().atMost(WAIT).until(() -> deleted(fourth)
                && count("SELECT count(*) FROM warnings WHERE guild_id = $1 AND user_id = $2", guild, fast) == 1);
        assertThat(rows("SELECT reason FROM flagged_messages WHERE guild_id = $1 ORDER BY id", guild).stream()
                .map(r -> r.getString(0)).toList()).containsExactly("automod.duplicates", "automod.spam");
    }
}
