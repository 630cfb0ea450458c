package bot.volvox.moderation.automod;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The original's link filter, case by case: what is found, and why it is blocked. */
class LinksTest {
    static final List<String> BLOCKED = List.of("WWW.Evil.Example.", "bad.test");

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "see sub.evil.example/page                | blocklist | sub.evil.example",
            "(evil.example).                          | blocklist | evil.example",
            "[docs](https://EVIL.example/x)           | blocklist | evil.example",
            "<https://www.bad.test/a?b=c>             | blocklist | bad.test",
            "text,https://x.bad.test/y,text           | blocklist | x.bad.test",
            "http://user@bad.test:8080/               | blocklist | bad.test",
            "free-nitro.gift                          | phishing  | free-nitro.gift",
            "https://DiscordNitro.com/claim           | phishing  | https://DiscordNitro.com/claim",
            "https://login.xyz/steam                  | phishing  | https://login.xyz/steam",
            "win at prize.xyz?ref=giveaway            | phishing  | prize.xyz?ref=giveaway",
            "plain.xyz/about                          | -         | -",
            "notevil.example and example.org          | -         | -",
            "version v1.2, e.g. this, 127.0.0.1       | -         | -",
            "evil.example-not                         | -         | -"})
    void findsAndBlocksAsTheOriginal(String content, String reason, String matched) {
        var block = Links.check(content, BLOCKED);
        if (reason == null) {
            assertThat(block).isEmpty();
        } else {
            assertThat(block).hasValueSatisfying(found -> {
                assertThat(found.reason()).isEqualTo(reason);
                assertThat(found.matched()).isEqualTo(matched);
            });
        }
    }
}
