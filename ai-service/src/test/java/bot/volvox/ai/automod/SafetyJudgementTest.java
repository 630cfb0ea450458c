package bot.volvox.ai.automod;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict → action judgement of AI auto-moderation (spec §2.9 steps 3–5), on the schema's defaults. */
class SafetyJudgementTest {
    static final GuildConfig.AiAutoMod DEFAULTS = defaults();

    private static GuildConfig.AiAutoMod defaults() {
        try {
            return VolvoxJson.MAPPER.treeToValue(GuildConfigs.defaults().get("aiAutoMod"), GuildConfig.AiAutoMod.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GuildConfig.AiAutoMod with(String flagChannelId, boolean autoDelete, Map<String, Object> actions) {
        Map<String, Object> merged = new java.util.HashMap<>(DEFAULTS.actions());
        merged.putAll(actions);
        return new GuildConfig.AiAutoMod(true, DEFAULTS.timeoutDurationMs(), null, DEFAULTS.thresholds(), merged,
                flagChannelId, autoDelete, List.of());
    }

    @Test
    void aScoreAtTheThresholdTriggersAndOneJustBelowDoesNot() {
        SafetyJudgement at = SafetyJudgement.judge("{\"harassment\": 0.7, \"violence\": 0.849}", DEFAULTS);
        assertThat(at.flagged()).isTrue();
        assertThat(at.categories()).containsExactly("harassment");
        assertThat(at.actions()).containsExactly("warn");

        SafetyJudgement below = SafetyJudgement.judge("{\"harassment\": 0.69, \"violence\": 0.84}", DEFAULTS);
        assertThat(below.flagged()).isFalse();
        assertThat(below.actions()).isEmpty();
    }

    @Test
    void defaultsNeitherFlagWithoutAChannelNorDelete() {
        // toxicity's default action is flag, which has nowhere to go without a flag channel; autoDelete is off (§9)
        SafetyJudgement toxic = SafetyJudgement.judge("{\"toxicity\": 0.9}", DEFAULTS);
        assertThat(toxic.flagged()).isTrue();
        assertThat(toxic.actions()).isEmpty();
    }

    @Test
    void actionsAreTheUnionInCategoryOrderWithFlagThenDeleteFirst() {
        GuildConfig.AiAutoMod settings = with("710000000000000009", true,
                Map.of("toxicity", "timeout", "violence", List.of("ban", "warn", "none", "explode")));
        SafetyJudgement judgement = SafetyJudgement.judge("""
                Sure: {"scores": {"toxicity": "0.9", "hate_speech": 0.95, "violence": 1.7}, "reason": "threats"}""",
                settings);
        assertThat(judgement.categories()).containsExactly("toxicity", "hateSpeech", "violence");
        assertThat(judgement.actions()).containsExactly("flag", "delete", "timeout", "ban", "warn");
        assertThat(judgement.scores()).containsEntry("violence", 1.0).containsEntry("spam", 0.0);
        assertThat(judgement.reason()).isEqualTo("threats");
    }

    @Test
    void anUnreadableAnswerFailsClosedWithTheGuildWideActionsOnly() {
        SafetyJudgement closed = SafetyJudgement.judge("I cannot rate this {not json", with("710000000000000009",
                true, Map.of()));
        assertThat(closed.flagged()).isTrue();
        assertThat(closed.unreadable()).isTrue();
        assertThat(closed.categories()).isEmpty();
        assertThat(closed.actions()).containsExactly("flag", "delete");

        assertThat(SafetyJudgement.judge("no json at all", DEFAULTS).actions()).isEmpty();
    }

    @Test
    void aGuildsOwnThresholdIsUsed() {
        Map<String, Double> thresholds = new java.util.HashMap<>(DEFAULTS.thresholds());
        thresholds.put("spam", 0.3);
        GuildConfig.AiAutoMod strict = new GuildConfig.AiAutoMod(true, 300000, null, thresholds, DEFAULTS.actions(),
                null, false, List.of());
        assertThat(SafetyJudgement.judge("{\"spam\": 0.35}", strict).actions()).containsExactly("delete");
        assertThat(SafetyJudgement.judge("{\"spam\": 0.35}", DEFAULTS).flagged()).isFalse();
    }
}
