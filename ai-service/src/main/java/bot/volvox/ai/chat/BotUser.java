package bot.volvox.ai.chat;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The bot's Discord user id ({@code DISCORD_CLIENT_ID}): mentions of it trigger a reply. */
@ApplicationScoped
public class BotUser {
    @ConfigProperty(name = "ai.bot.user-id", defaultValue = "${DISCORD_CLIENT_ID:0}")
    String userId;

    public String id() {
        return userId;
    }
}
