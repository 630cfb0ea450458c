package bot.volvox.platform.kafka;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a topic before anything subscribes to it. A consumer subscribed to a missing topic is assigned its
 * partitions only at its next metadata refresh, up to five minutes later, so a topic whose first record may come
 * long after the consumers start is created up front. The broker's defaults decide partitions and replication; where
 * topics are managed elsewhere (Strimzi {@code KafkaTopic}) the topic exists already and nothing changes.
 */
public final class TopicCreation {

    private TopicCreation() {}

    /**
     * @return true if this call created the topic, false if it existed
     * @throws IllegalStateException naming the topic when Kafka refuses or does not answer within 30 s
     */
    public static boolean createIfMissing(String bootstrapServers, String topic, String clientId) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s while creating topic " + topic, e);
        }
    }
}
