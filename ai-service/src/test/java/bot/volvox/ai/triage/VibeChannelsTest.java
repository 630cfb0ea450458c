package bot.volvox.ai.triage;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.contract.EventPayload;

import static org.assertj.core.api.Assertions.assertThat;

class VibeChannelsTest {

    private static VibeChannels.Entry entry(String id, String text) {
        return new VibeChannels.Entry("1", new EventPayload.Message("10", id,
                new EventPayload.Author("7", "carol", null, false, false), text, List.of(), List.of(), List.of(),
                false, null, null, List.of(), Instant.parse("2026-12-04T06:07:08Z"), null));
    }

    @Test
    void theDebounceShrinksAsTheBufferFills() {
        assertThat(VibeChannels.delayMillis(1, 3000)).isEqualTo(3000);
        assertThat(VibeChannels.delayMillis(2, 3000)).isEqualTo(1500);
        assertThat(VibeChannels.delayMillis(4, 3000)).isEqualTo(1500);
        assertThat(VibeChannels.delayMillis(5, 3000)).isEqualTo(600);
        assertThat(VibeChannels.delayMillis(30, 1)).isEqualTo(1);
    }

    @Test
    void targetsAreTheVerdictsBufferedMessagesAtMostMaxElseTheNewest() {
        List<VibeChannels.Entry> buffer = List.of(entry("100", "a"), entry("101", "b"), entry("102", "c"));
        assertThat(VibeChannels.targets(buffer, new Verdict("respond", 1, false, List.of("102", "100", "101")), 2))
                .extracting(e -> e.message().messageId()).containsExactly("100", "101");
        assertThat(VibeChannels.targets(buffer, new Verdict("respond", 1, false, List.of("999")), 2))
                .extracting(e -> e.message().messageId()).containsExactly("102");
        assertThat(VibeChannels.targets(buffer, new Verdict("respond", 0.5, true), 2))
                .extracting(e -> e.message().messageId()).containsExactly("102");
    }

    @Test
    void theClassifyPromptNamesEachMessageByIdAndAuthor() {
        assertThat(VibeChannels.prompt(List.of(entry("100", "hello"), entry("101", "volvox?"))))
                .isEqualTo("[06:07:08] [100] carol (<@7>): hello\n[06:07:08] [101] carol (<@7>): volvox?\n");
    }

    @Test
    void snowflakesAreOrderedByValue() {
        assertThat(List.of(entry("1000", "x"), entry("999", "y")).stream().sorted(VibeChannels.OLDEST_FIRST)
                .map(e -> e.message().messageId())).containsExactly("999", "1000");
    }
}
