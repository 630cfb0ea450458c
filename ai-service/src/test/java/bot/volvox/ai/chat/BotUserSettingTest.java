package bot.volvox.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import bot.volvox.platform.testing.config.ApplicationSettings;
import io.smallrye.config.SmallRyeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bot's id comes from DISCORD_CLIENT_ID, the variable every deployment sets (not from a Quarkus-only key). */
class BotUserSettingTest {

    private static SmallRyeConfig configWith(Map<String, String> environment) {
        return ApplicationSettings.of(BotUserSettingTest.class, environment);
    }

    @Test
    void theBotIdIsDiscordClientId() {
        assertThat(configWith(Map.of("DISCORD_CLIENT_ID", "1234567890123")).getValue("ai.bot.user-id", String.class))
                .isEqualTo("1234567890123");
    }

    @Test
    void withoutDiscordClientIdTheBotIdIsZero() {
        assertThat(configWith(Map.of()).getValue("ai.bot.user-id", String.class)).isEqualTo("0");
    }
}
