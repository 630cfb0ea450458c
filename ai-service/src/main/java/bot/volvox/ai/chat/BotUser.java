package bot.volvox.ai.chat;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The bot's Discord user id ({@code DISCORD_CLIENT_ID}): mentions of it trigger a reply. */
@ApplicationScoped
public class BotUser {
    private static final Logger LOG = Logger.getLogger(BotUser.class);

    // Set in application.properties from DISCORD_CLIENT_ID: an expression in defaultValue would not be expanded, and
    // the bot would never recognise a mention of itself.
    @ConfigProperty(name = "ai.bot.user-id")
    String userId;

    public String id() {
        return userId;
    }

    void announce(@Observes StartupEvent started) {
        if ("0".equals(userId)) {
            LOG.warn("DISCORD_CLIENT_ID is not set: mentions of the bot are not recognised, so they get no AI reply");
        }
    }
}
