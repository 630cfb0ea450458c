package bot.volvox.ai.triage;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    @Test
    void aJsonVerdictIsReadInOrOutOfACodeFence() {
        assertThat(Verdict.parse("{\"classification\": \"respond\", \"confidence\": 0.9}"))
                .contains(new Verdict("respond", 0.9, false));
        assertThat(Verdict.parse("Sure:\n```json\n{\"classification\": \"ignore\"}\n```"))
                .contains(new Verdict("ignore", 1.0, false));
    }

    @Test
    void theTargetMessageIdsAreRead() {
        assertThat(Verdict.parse("{\"classification\": \"respond\", \"targetMessageIds\": [\"12\", 34, null]}"))
                .contains(new Verdict("respond", 1.0, false, java.util.List.of("12", "34")));
    }

    @Test
    void brokenJsonIsRecoveredByRegexWithHalfConfidence() {
        String broken = "Here is my verdict:\n```json\n{classification: \"chime-in\", confidence: 0.7, reasoning: 'x',}\n```";
        assertThat(Verdict.parse(broken)).contains(new Verdict("chime-in", 0.5, true));
        assertThat(Verdict.parse(broken).orElseThrow().answers()).isTrue();
    }

    @Test
    void gratitudeIsAShortThanksThatDoesNotGoOn() {
        assertThat(Triage.gratitude("thanks!")).isTrue();
        assertThat(Triage.gratitude("Thank you so much")).isTrue();
        assertThat(Triage.gratitude("ty")).isTrue();
        assertThat(Triage.gratitude("thanks, but why?")).isFalse();
        assertThat(Triage.gratitude("thanks, one more thing")).isFalse();
        assertThat(Triage.gratitude("ty - also the logs")).isFalse();
        assertThat(Triage.gratitude("thanksgiving plans")).isFalse();
        assertThat(Triage.gratitude("thanks " + "a".repeat(100))).isFalse();
        assertThat(Triage.gratitude("why thanks")).isFalse();
    }

    @Test
    void nothingRecoverableIsEmpty() {
        assertThat(Verdict.parse("I think you should reply")).isEmpty();
        assertThat(Verdict.parse("{\"classification\": \"dance\"}")).isEmpty();
        assertThat(Verdict.parse("")).isEmpty();
    }
}
