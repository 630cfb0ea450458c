package bot.volvox.ai.triage;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * {@code discord.message}'s partitions (one guild's messages each) moved between replicas: this replica's vibe buffers
 * may now belong to another one, so they are dropped; whoever holds a channel next rebuilds its buffer from
 * {@code conversations} ({@link VibeChannels}).
 */
@ApplicationScoped
@Identifier(VibeRebalance.NAME)
public class VibeRebalance implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(VibeRebalance.class);
    static final String NAME = "ai-messages-rebalance";

    @Inject
    VibeChannels vibe;

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            LOG.infof("Partitions %s revoked: vibe buffers dropped, rebuilt from conversations on demand", partitions);
            vibe.dropAll();
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    }
}
