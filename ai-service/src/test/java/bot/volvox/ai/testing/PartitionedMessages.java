package bot.volvox.ai.testing;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import bot.volvox.local.LocalStack;
import bot.volvox.platform.contract.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives {@code discord.message} {@link #PARTITIONS} partitions before the service subscribes (the test broker
 * creates topics with one), so that two replicas in the consumer group each hold some guilds, as in production.
 */
public class PartitionedMessages implements QuarkusTestResourceLifecycleManager {
    public static final int PARTITIONS = 4;

    @Override
    public Map<String, String> start() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.forTests().kafka().bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            try {
                admin.createTopics(java.util.List.of(new NewTopic(Topics.MESSAGE, PARTITIONS, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(e.getCause());
                }
                int now = admin.describeTopics(java.util.List.of(Topics.MESSAGE)).allTopicNames().get()
                        .get(Topics.MESSAGE).partitions().size();
                if (now < PARTITIONS) {
                    admin.createPartitions(Map.of(Topics.MESSAGE, NewPartitions.increaseTo(PARTITIONS))).all().get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
