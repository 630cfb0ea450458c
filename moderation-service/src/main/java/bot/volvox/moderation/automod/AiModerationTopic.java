package bot.volvox.moderation.automod;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.TopicCreation;

/**
 * Creates {@code volvox.moderation} before the messaging channels subscribe (they start on the same event, at a
 * later priority): ai-service publishes only when a message is flagged, so on a fresh cluster the topic is usually
 * missing when this consumer starts, and its first requests would wait for the consumer's metadata refresh.
 */
@ApplicationScoped
public class AiModerationTopic {
    private static final Logger LOG = Logger.getLogger(AiModerationTopic.class);

    void create(@Observes @Initialized(ApplicationScoped.class) @Priority(Interceptor.Priority.PLATFORM_BEFORE)
            Object started) {
        Optional<String> servers = ConfigProvider.getConfig().getOptionalValue("kafka.bootstrap.servers",
                String.class);
        if (servers.isEmpty()) {
            return;
        }
        try {
            if (TopicCreation.createIfMissing(servers.get(), Topics.MODERATION, "moderation-topic-admin")) {
                LOG.infof("Created topic %s", Topics.MODERATION);
            }
        } catch (IllegalStateException e) {
            // not fatal: the consumer still gets the topic at its next metadata refresh
            LOG.warnf("%s: AI auto-moderation requests may wait for the consumer's metadata refresh", e.getMessage());
        }
    }
}
