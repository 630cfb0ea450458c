package bot.volvox.platform.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardPartitionerTest {

    @Test
    void aGuildsActionsGoToThePartitionOfItsShard() {
        long guild = (7L << 22) | 999; // Discord: shard (id >> 22) % total
        assertThat(ShardPartitioner.partitionOf(Long.toString(guild), 4)).isEqualTo(3);
        assertThat(ShardPartitioner.partitionOf(Long.toString(guild), 12)).isEqualTo(7);
        // with a multiple of the shard total, the partition's remainder is the shard, whatever the multiple
        assertThat(ShardPartitioner.partitionOf(Long.toString(guild), 12) % 4)
                .isEqualTo(ShardPartitioner.shardOf(guild, 4));
    }

    @Test
    void otherKeysAreHashedAsKafkaDoes() {
        for (String key : new String[] {"dm:123", "action:abc", "12ab"}) {
            int kafka = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 5;
            assertThat(ShardPartitioner.partitionOf(key, 5)).isEqualTo(kafka);
        }
    }

    @Test
    void domainServicesPartitionTheirActionsByShard() {
        assertThat(KafkaDefaultsConfigSource.load(KafkaDefaultsConfigSource.DOMAIN_FILE))
                .containsEntry("mp.messaging.outgoing.actions.partitioner.class", ShardPartitioner.class.getName());
    }
}
