package bot.volvox.moderation.discord;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The bot as the moderator of automatic cases (auto-mod, escalation). */
@ApplicationScoped
public class BotIdentity {

    // Set in application.properties from DISCORD_CLIENT_ID: an expression in defaultValue would not be expanded.
    @ConfigProperty(name = "moderation.bot.user-id")
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
