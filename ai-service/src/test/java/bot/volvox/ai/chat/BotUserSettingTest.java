package bot.volvox.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bot's id comes from DISCORD_CLIENT_ID, the variable every deployment sets (not from a Quarkus-only key). */
class BotUserSettingTest {

    private static SmallRyeConfig configWith(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        BotUserSettingTest.class.getClassLoader().getResource("application.properties"), 100))
                .withSources(new MapBackedConfigSource("environment", environment, 300) {})
                .build();
    }

    @Test
    void theBotIdIsDiscordClientId() throws IOException {
        assertThat(configWith(Map.of("DISCORD_CLIENT_ID", "1234567890123")).getValue("ai.bot.user-id", String.class))
                .isEqualTo("1234567890123");
    }

    @Test
    void withoutDiscordClientIdTheBotIdIsZero() throws IOException {
        assertThat(configWith(Map.of()).getValue("ai.bot.user-id", String.class)).isEqualTo("0");
    }
}
