package bot.volvox.gateway.actions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import bot.volvox.gateway.discord.ShardRange;

/**
 * Gives each partition of {@code discord.action} to a gateway replica that holds the Discord session of the
 * partition's guilds. Producers put a guild's actions on partition {@code (guild_id >> 22) % partitions}
 * ({@code ShardPartitioner}); when the partition count is a multiple of the replica's {@code DISCORD_SHARD_TOTAL},
 * partition {@code p} holds only guilds of shard {@code p % total}, so it goes to a replica owning that shard. DMs and
 * other guild-less actions are hashed over the same partitions and run wherever they land.
 *
 * <p>It is the group's assignor (the classic protocol, eager rebalances): each member tells the leader its shards
 * in its subscription, the leader assigns. A partition whose shard no member holds (its replica is restarting) is
 * given to nobody: its actions wait, with their committed offset, for the replica that can run them, instead of
 * failing with 10004 Unknown Guild elsewhere. A member whose shard total does not divide the partition count gets
 * nothing and the leader logs why (that replica would run actions for guilds it has no session for).
 */
public class ShardAssignor implements ConsumerPartitionAssignor, Configurable {
    private static final Logger LOG = Logger.getLogger(ShardAssignor.class);

    /** Consumer properties (channel attributes of {@code discord-actions}) carrying the replica's shard settings. */
    public static final String SHARD_IDS = "volvox.shard-ids";
    public static final String SHARD_TOTAL = "volvox.shard-total";
    public static final String REPLICAS = "volvox.replicas";
    public static final String POD_NAME = "volvox.pod-name";

    /** The shards a member holds: {@code total} and the ids among them. */
    record Shards(int total, List<Integer> ids) {
        boolean holdsPartition(int partition, int partitions) {
            return partitions % total == 0 && ids.contains(partition % total);
        }

        ByteBuffer encode() {
            String text = total + "/" + String.join(",", ids.stream().map(String::valueOf).toList());
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        }

        static Shards decode(ByteBuffer data) {
            if (data == null || !data.hasRemaining()) {
                return null;
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            try {
                String[] parts = new String(bytes, StandardCharsets.UTF_8).split("/", -1);
                List<Integer> ids = parts[1].isEmpty() ? List.of()
                        : Arrays.stream(parts[1].split(",")).map(Integer::valueOf).toList();
                int total = Integer.parseInt(parts[0]);
                return total < 1 ? null : new Shards(total, ids);
            } catch (RuntimeException unreadable) {
                return null;
            }
        }

        @Override
        public String toString() {
            return "shards " + ids + " of " + total;
        }
    }

    private Shards own;

    @Override
    public void configure(Map<String, ?> configs) {
        int total = ShardRange.total(text(configs.get(SHARD_TOTAL)));
        own = new Shards(total, ShardRange.owned(text(configs.get(SHARD_IDS)), total, text(configs.get(REPLICAS)),
                text(configs.get(POD_NAME))));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return own().encode();
    }

    private Shards own() {
        if (own == null) {
            throw new IllegalStateException("ShardAssignor was not configured with the replica's shards");
        }
        return own;
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        // sorted, so that every leader assigns alike
        Map<String, Subscription> members = new TreeMap<>(groupSubscription.groupSubscription());
        Map<String, Shards> shards = new HashMap<>();
        Map<String, List<TopicPartition>> assigned = new HashMap<>();
        members.forEach((member, subscription) -> {
            assigned.put(member, new ArrayList<>());
            Shards held = Shards.decode(subscription.userData());
            if (held == null) {
                LOG.errorf("Gateway consumer %s did not say which shards it holds: it gets no partition", member);
            } else {
                shards.put(member, held);
            }
        });
        Set<String> topics = new java.util.TreeSet<>();
        members.values().forEach(subscription -> topics.addAll(subscription.topics()));
        for (String topic : topics) {
            Integer partitions = metadata.partitionCountForTopic(topic);
            if (partitions == null) {
                continue;
            }
            shards.forEach((member, held) -> {
                if (partitions % held.total() != 0) {
                    LOG.errorf("Gateway consumer %s holds %s, but %s has %d partitions, not a multiple of %d: it gets"
                            + " none of them (set DISCORD_SHARD_TOTAL to a divisor of the partition count)", member,
                            held, topic, partitions, held.total());
                }
            });
            List<Integer> waiting = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                int p = partition;
                List<String> holders = members.entrySet().stream()
                        .filter(e -> e.getValue().topics().contains(topic) && shards.containsKey(e.getKey())
                                && shards.get(e.getKey()).holdsPartition(p, partitions))
                        .map(Map.Entry::getKey).toList();
                if (holders.isEmpty()) {
                    waiting.add(partition);
                } else {
                    // several holders (a rollout overlapping old and new pods): any of them has the guilds' session
                    assigned.get(holders.get(partition % holders.size())).add(new TopicPartition(topic, partition));
                }
            }
            if (!waiting.isEmpty()) {
                LOG.warnf("No gateway replica holds the shards of %s partitions %s: their actions wait for it", topic,
                        waiting);
            }
        }
        Map<String, Assignment> result = new HashMap<>();
        assigned.forEach((member, partitions) -> result.put(member, new Assignment(partitions)));
        return new GroupAssignment(result);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        LOG.infof("Actions of partitions %s, for %s", assignment.partitions(), own());
    }

    @Override
    public String name() {
        return "volvox-shards";
    }
}
