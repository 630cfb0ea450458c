package bot.volvox.ai.chat;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTextTest {

    @Test
    void longAnswersAreSplitUnder2000AtWordsAndKeepEveryCharacter() {
        String answer = ("word ".repeat(300) + "\n").repeat(3).strip(); // ~4500 characters
        List<String> chunks = MessageText.split(answer, MessageText.CHUNK);
        assertThat(chunks).hasSize(3).allSatisfy(chunk -> assertThat(chunk).hasSizeLessThanOrEqualTo(1990)
                .doesNotStartWith(" ").doesNotEndWith(" "));
        assertThat(String.join(" ", chunks).replaceAll("\\s+", " "))
                .isEqualTo(answer.replaceAll("\\s+", " "));
    }

    @Test
    void textWithoutSpacesIsCutNeverInsideASurrogatePair() {
        String emoji = "😀"; // two chars
        String text = "a" + emoji.repeat(1500); // 3001 chars
        List<String> chunks = MessageText.split(text, MessageText.CHUNK);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).hasSize(1989);
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(MessageText.truncate(text, 1000)).hasSize(999);
    }

    @Test
    void loneSurrogatesBecomeReplacementCharactersAndBlankTextNoChunk() {
        assertThat(MessageText.sanitize("a\uD800b\uDC00c😀")).isEqualTo("a\uFFFDb\uFFFDc😀");
        assertThat(MessageText.split("   ", 1990)).isEmpty();
        assertThat(MessageText.split(null, 1990)).isEmpty();
    }
}
