package bot.volvox.ai.triage;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.ai.cooldown.LastTimes;
import bot.volvox.ai.provider.AiFailure;
import bot.volvox.ai.provider.AiProviders;
import bot.volvox.ai.provider.ModelRef;
import bot.volvox.ai.provider.Prompt;
import bot.volvox.ai.usage.UsageLog;
import bot.volvox.platform.guildconfig.GuildConfig;
import io.smallrye.mutiny.Uni;

/**
 * Vibe mode's decision whether to join in (spec §3.2 steps 3, 5, 7): the response cooldown (checked first here, so a
 * cooling channel costs no classify call), the classify call on the cheap model ({@code ai_usage} type
 * {@code classify}), the verdict ({@link Verdict}, with regex recovery) and the confidence gate. The last response
 * time per channel is shared by the replicas ({@link LastTimes}).
 */
@ApplicationScoped
public class Triage {
    private static final Logger LOG = Logger.getLogger(Triage.class);
    static final String SYSTEM = """
            You decide whether a Discord bot named Volvox should answer a message in a channel where it may join in. \
            Reply with JSON only: {"classification": "ignore" | "respond" | "chime-in" | "moderate", \
            "confidence": 0..1, "reasoning": "...", "targetMessageIds": ["<id of each message to answer>"]}.""";

    @Inject
    AiProviders providers;
    @Inject
    UsageLog usage;
    @Inject
    LastTimes lastTimes;

    /** Whether {@code content} contains one of {@code triage.triggerWords} (case-insensitive substring). */
    public static boolean triggered(GuildConfig.Triage triage, String content) {
        if (content == null || content.isBlank()) {
            return false;
        }
        String text = content.toLowerCase(Locale.ROOT);
        return triage.triggerWords().stream().filter(word -> word != null && !word.isBlank())
                .anyMatch(word -> text.contains(word.toLowerCase(Locale.ROOT)));
    }

    /** The time of the bot's last answer in the channel (epoch milliseconds), shared by the replicas. */
    static String lastResponseKey(String channelId) {
        return "ai:last-response:" + channelId;
    }

    /** How long after an answer a "thanks" gets a ❤️ instead of a model call (spec §3.2 step 1). */
    static final Duration GRATITUDE_WINDOW = Duration.ofSeconds(60);
    private static final Pattern GRATITUDE = Pattern.compile(
            "^(thanks|thank you|ty|thx|got it|that worked|perfect|cheers|appreciate it|tysm|tyvm)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** "thanks, but…" or "thanks - one more thing" goes on: not mere gratitude. */
    private static final Pattern CONTINUATION = Pattern.compile("(,|\\s-)\\s*\\p{L}");

    /** A short thanks: at most 100 characters, no question, no continuation, starting with a thanks word. */
    public static boolean gratitude(String text) {
        String trimmed = text == null ? "" : text.strip();
        return !trimmed.isEmpty() && trimmed.length() <= 100 && !trimmed.contains("?")
                && GRATITUDE.matcher(trimmed).matches() && !CONTINUATION.matcher(trimmed).find();
    }

    /** Whether the bot answered in {@code channelId} within the last minute. */
    public Uni<Boolean> respondedRecently(String channelId) {
        return answeredWithin(channelId, GRATITUDE_WINDOW);
    }

    /**
     * Called after the bot answered in {@code channelId}: records when, for the gratitude window and the response
     * cooldown (the cooldown in force when the next message is evaluated, {@link LastTimes}).
     */
    public Uni<Void> responded(String channelId, GuildConfig config) {
        Duration kept = Duration.ofMillis(Math.max(GRATITUDE_WINDOW.toMillis(), config.triage().responseCooldownMs()));
        return lastTimes.record(lastResponseKey(channelId), kept);
    }

    private Uni<Boolean> answeredWithin(String channelId, Duration window) {
        return lastTimes.within(lastResponseKey(channelId), window);
    }

    /**
     * The classify step for a vibe channel's buffered messages (spec §3.2 steps 3, 5, 7): empty while the channel
     * cools down after the bot's last answer (checked first, so it costs no call), when no model is configured, the
     * call fails (silent: nobody asked the bot), the verdict is unreadable, {@code ignore}, or (unless {@code moderate})
     * less sure than {@code triage.confidenceThreshold}; else the verdict to act on.
     *
     * @param messages the buffered messages, one line each with its id ({@link VibeChannels#prompt})
     */
    public Uni<Optional<Verdict>> classify(String guildId, String channelId, String userId, GuildConfig config,
            String messages) {
        return answeredWithin(channelId, Duration.ofMillis(config.triage().responseCooldownMs())).flatMap(cooling -> {
            if (cooling) {
                LOG.debugf("Vibe channel %s is cooling down", channelId);
                return Uni.createFrom().item(Optional.<Verdict>empty());
            }
            Optional<ModelRef> model = providers.classifyModel(config);
            if (model.isEmpty()) {
                return Uni.createFrom().item(Optional.<Verdict>empty());
            }
            Prompt prompt = Prompt.of(SYSTEM, "<messages-to-evaluate>\n" + messages + "</messages-to-evaluate>", 256);
            return usage.metered(guildId, channelId, "classify", userId, model.get(),
                    () -> providers.complete(model.get(), prompt, Duration.ofMillis(config.triage().timeout()), false))
                    // moderate skips the confidence gate (spec §3.2 step 5)
                    .map(answer -> Verdict.parse(answer.text()).filter(verdict -> verdict.moderates()
                            || verdict.answers() && verdict.confidence() >= config.triage().confidenceThreshold()))
                    .invoke(verdict -> LOG.debugf("Vibe channel %s: %s", channelId,
                            verdict.map(Verdict::toString).orElse("silent")))
                    .onFailure(AiFailure.class).recoverWithItem(failure -> {
                        LOG.warnf("Vibe channel %s not classified: %s", channelId, failure.getMessage());
                        return Optional.empty();
                    });
        });
    }
}
