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
}
