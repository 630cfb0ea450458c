package bot.volvox.moderation.discord;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The bot as the moderator of automatic cases (auto-mod, escalation). */
@ApplicationScoped
public class BotIdentity {

    @ConfigProperty(name = "moderation.bot.user-id", defaultValue = "${DISCORD_CLIENT_ID:0}")
    String userId;

    @ConfigProperty(name = "moderation.bot.tag", defaultValue = "Volvox.Bot")
    String tag;

    public String userId() {
        return userId;
    }

    public String tag() {
        return tag;
    }
}
