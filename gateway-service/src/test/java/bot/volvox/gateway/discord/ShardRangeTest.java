package bot.volvox.gateway.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.config.InvalidSettingException;

class ShardRangeTest {
    @Test
    void rangesListsAndTheDefaultOfEveryShard() {
        assertThat(ShardRange.parse("0-3", 8)).containsExactly(0, 1, 2, 3);
        assertThat(ShardRange.parse("0,2", 4)).containsExactly(0, 2);
        assertThat(ShardRange.parse(" 4-5, 1 ", 6)).containsExactly(1, 4, 5);
        assertThat(ShardRange.parse(null, 3)).containsExactly(0, 1, 2);
        assertThat(ShardRange.total(null)).isEqualTo(1);
        assertThat(ShardRange.total("16")).isEqualTo(16);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> ShardRange.parse("0-4", 4)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DISCORD_SHARD_IDS");
        assertThatThrownBy(() -> ShardRange.parse("a", 4)).hasMessageStartingWith("DISCORD_SHARD_IDS");
        assertThatThrownBy(() -> ShardRange.parse("3-1", 4)).hasMessageStartingWith("DISCORD_SHARD_IDS");
        assertThatThrownBy(() -> ShardRange.total("many")).hasMessageStartingWith("DISCORD_SHARD_TOTAL");
        assertThatThrownBy(() -> ShardRange.parse(null, 0)).hasMessageStartingWith("DISCORD_SHARD_TOTAL");
    }

    @Test
    void withoutIdsAReplicaOfAStatefulSetOwnsTheShardsOfItsOrdinal() {
        assertThat(ShardRange.owned(null, 4, "2", "gateway-service-0")).containsExactly(0, 2);
        assertThat(ShardRange.owned("", 4, "2", "gateway-service-1")).containsExactly(1, 3);
        assertThat(ShardRange.owned(null, 5, "3", "gateway-service-2")).containsExactly(2);
        assertThat(ShardRange.owned(null, 4, null, "whatever")).containsExactly(0, 1, 2, 3);
        assertThat(ShardRange.owned("3", 4, "2", "gateway-service-0")).as("explicit ids win").containsExactly(3);
    }

    @Test
    void aReplicaWithoutOrdinalOrShardNamesTheSetting() {
        assertThatThrownBy(() -> ShardRange.owned(null, 4, "2", "laptop")).hasMessageStartingWith("HOSTNAME");
        assertThatThrownBy(() -> ShardRange.owned(null, 4, "2", null)).hasMessageStartingWith("HOSTNAME");
        assertThatThrownBy(() -> ShardRange.owned(null, 4, "2", "gateway-service-2"))
                .hasMessageStartingWith("HOSTNAME");
        assertThatThrownBy(() -> ShardRange.owned(null, 2, "3", "gateway-service-0"))
                .hasMessageStartingWith("VOLVOX_GATEWAY_REPLICAS");
        assertThatThrownBy(() -> ShardRange.owned(null, 2, "0", "gateway-service-0"))
                .hasMessageStartingWith("VOLVOX_GATEWAY_REPLICAS");
    }
}
