package bot.volvox.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions {@code discord.action} by Discord shard, so that an action reaches the gateway replica holding its
 * guild's session: a guild's actions go to partition {@code (guild_id >> 22) % partitions}, Discord's shard formula
 * with the partition count in place of the shard total. When the partition count is a multiple of
 * {@code DISCORD_SHARD_TOTAL} (the gateway's constraint), partition {@code p} holds only guilds of shard
 * {@code p % DISCORD_SHARD_TOTAL}, whatever the total is; so resharding to another divisor of the partition count
 * moves no record. Any other key (a DM's {@code dm:<userId>}, an action's own id) is hashed as Kafka's default
 * partitioner does: such actions need no guild session and run on whichever replica holds their partition.
 */
public class ShardPartitioner implements Partitioner {

    /** Discord's shard of {@code guildId} among {@code total} shards (or partitions). */
    public static int shardOf(long guildId, int total) {
        return (int) ((guildId >>> 22) % total);
    }

    /** The partition of a record keyed {@code key} among {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        Long guild = guildOf(key);
        if (guild != null) {
            return shardOf(guild, partitions);
        }
        return Utils.toPositive(Utils.murmur2(String.valueOf(key).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The guild a key names (record keys of guild records are the bare snowflake), or null. */
    static Long guildOf(String key) {
        if (key == null || key.isEmpty() || key.length() > 20) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return partitionOf(key == null ? null : key.toString(), cluster.partitionCountForTopic(topic));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
