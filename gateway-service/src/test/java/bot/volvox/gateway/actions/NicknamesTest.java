package bot.volvox.gateway.actions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NicknamesTest {

    @Test
    void affixesAreAddedOnceAndTheNameIsShortenedToFit() {
        assertThat(Nicknames.affixed("alice", "⭐ ", null)).isEqualTo("⭐ alice");
        assertThat(Nicknames.affixed("⭐ alice", "⭐ ", null)).isEqualTo("⭐ alice");
        assertThat(Nicknames.affixed("alice", null, " [L5]")).isEqualTo("alice [L5]");
        assertThat(Nicknames.affixed("alice [L5]", "", " [L5]")).isEqualTo("alice [L5]");
        String longName = "a".repeat(40);
        assertThat(Nicknames.affixed(longName, "[VIP] ", " ⭐")).hasSize(32).startsWith("[VIP] aaa").endsWith("a ⭐");
    }
}
