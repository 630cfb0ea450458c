package bot.volvox.moderation.automod;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.Topics;

/**
 * Creates {@code volvox.moderation} before the messaging channels subscribe (they start on the same event, at a
 * later priority). A consumer subscribed to a topic that does not exist yet is assigned its partitions only at its
 * next metadata refresh, up to five minutes later, so ai-service's first requests would wait that long; ai-service
 * publishes only when a message is flagged, so the topic is usually missing on a fresh cluster. Where topics are
 * managed elsewhere (Strimzi KafkaTopic) it already exists and this does nothing.
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
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.get());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "moderation-topic-admin");
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(Topics.MODERATION, Optional.empty(), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.infof("Created topic %s", Topics.MODERATION);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("Cannot create topic %s (%s): AI auto-moderation requests may wait for the consumer's "
                        + "metadata refresh", Topics.MODERATION, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("Kafka did not answer within 30 s while creating topic %s", Topics.MODERATION);
        }
    }
}
