package bot.volvox.moderation.automod;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.moderation.automod.AutoModRule.Hit;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.guildconfig.ConfigMerge;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;

import static org.assertj.core.api.Assertions.assertThat;

/** The content rules, one row per message and rule configuration (no I/O: the rules are pure). */
class AutoModRuleTest {

    @ParameterizedTest(name = "words {0}: \"{1}\" → {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ["darn"]          | what the darn thing           | blocked word
            ["darn"]          | DARN it                       | blocked word
            ["darn"]          | darned fine                   | -
            ["darn"]          | adarn                         | -
            ["bad word"]      | that is a bad word indeed     | blocked word
            ["c++"]           | I like c++ a lot              | blocked word
            []                | anything at all               | -
            """)
    void words(String words, String content, String expected) throws Exception {
        GuildConfig config = config("{\"words\": {\"enabled\": true, \"words\": " + words + "}}");
        assertThat(AutoModRule.words(config.moderation().automod(), message(content)).map(Hit::detail))
                .isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "invites: \"{0}\" → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            join discord.gg/abc123 now                   | discord.gg/abc123
            https://discord.com/invite/xyz-9             | discord.com/invite/xyz-9
            see discordapp.com/invite/old                | discordapp.com/invite/old
            DISCORD.GG/Shout                             | DISCORD.GG/Shout
            discord.com/channels/1/2                     | -
            no invite here                               | -
            """)
    void invites(String content, String expected) throws Exception {
        GuildConfig config = config("{}");
        assertThat(AutoModRule.invites(config.moderation().automod(), message(content)).map(Hit::detail))
                .isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "links allowed={0} blocked={1}: \"{2}\" → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            []              | ["evil.com"]   | go to https://evil.com/page          | evil.com
            []              | ["evil.com"]   | go to https://sub.evil.com:8080/x    | sub.evil.com
            []              | ["evil.com"]   | go to https://www.evil.com           | evil.com
            []              | ["evil.com"]   | go to https://notevil.com            | -
            ["github.com"]  | []             | see https://gist.github.com/x        | -
            ["github.com"]  | []             | see https://example.org              | example.org
            []              | []             | see https://example.org              | -
            ["github.com"]  | []             | no links at all                      | -
            """)
    void links(String allowed, String blocked, String content, String expected) throws Exception {
        GuildConfig config = config("{\"links\": {\"enabled\": true, \"allowedDomains\": " + allowed
                + ", \"blockedDomains\": " + blocked + "}}");
        assertThat(AutoModRule.links(config.moderation().automod(), message(content)).map(Hit::detail))
                .isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "mentions max {0}: users {1}, roles {2} → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5 | 1,2,3,4,5     | -        | -
            5 | 1,2,3,4,5,6   | -        | 6 mentions
            5 | 1,1,1,1,1,1   | -        | -
            5 | 1,2,3         | 7,8,9    | 6 mentions
            2 | 1,2           | -        | -
            """)
    void mentions(int max, String users, String roles, String expected) throws Exception {
        GuildConfig config = config("{\"mentions\": {\"enabled\": true, \"maxMentions\": " + max + "}}");
        Message message = new Message("c", "m", new Author("a", "a", null, false, false), "hi", List.of(),
                ids(users), ids(roles), false, null, null, List.of(), Instant.now(), null);
        assertThat(AutoModRule.mentions(config.moderation().automod(), message).map(Hit::detail))
                .isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "a disabled {0} rule never hits")
    @CsvSource({"words", "invites", "links", "mentions"})
    void aDisabledRuleNeverHits(String rule) throws Exception {
        GuildConfig config = config("{\"" + rule + "\": {\"enabled\": false, \"words\": [\"x\"], "
                + "\"blockedDomains\": [\"x.com\"], \"maxMentions\": 1}}");
        Message message = new Message("c", "m", new Author("a", "a", null, false, false),
                "x discord.gg/x https://x.com", List.of(), List.of("1", "2", "3"), List.of(), false, null, null,
                List.of(), Instant.now(), null);
        GuildConfig.AutoMod rules = config.moderation().automod();
        assertThat(AutoModRule.words(rules, message).or(() -> AutoModRule.invites(rules, message))
                .or(() -> AutoModRule.links(rules, message)).or(() -> AutoModRule.mentions(rules, message))
                .map(Hit::rule)).isNotEqualTo(Optional.of(rule));
    }

    @ParameterizedTest(name = "a hit carries the rule's action {0} and timeout {1}")
    @CsvSource({"delete, 300", "timeout, 600", "ban, 60"})
    void aHitCarriesTheRulesActionAndTimeout(String action, int seconds) throws Exception {
        GuildConfig config = config("{\"invites\": {\"action\": \"" + action + "\", \"timeoutSeconds\": " + seconds
                + "}}");
        Hit hit = AutoModRule.invites(config.moderation().automod(), message("discord.gg/x")).orElseThrow();
        assertThat(hit.action()).isEqualTo(action);
        assertThat(hit.timeoutSeconds()).isEqualTo(seconds);
    }

    private static GuildConfig config(String automod) throws Exception {
        ObjectNode overrides = (ObjectNode) VolvoxJson.MAPPER.readTree(
                "{\"moderation\": {\"automod\": " + automod + "}}");
        return GuildConfigs.read(ConfigMerge.into(GuildConfigs.defaults(), overrides), "test");
    }

    private static Message message(String content) {
        return new Message("c", "m", new Author("a", "a", null, false, false), content, List.of(), List.of(),
                List.of(), false, null, null, List.of(), Instant.now(), null);
    }

    private static List<String> ids(String csv) {
        return csv == null ? List.of() : Arrays.asList(csv.split(","));
    }
}
