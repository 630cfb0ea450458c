package bot.volvox.ai.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.guildconfig.GuildConfig;
import io.smallrye.mutiny.Uni;

/**
 * What a vibe evaluation ({@code triage.VibeChannels}) asks of the chat path: answering a target message exactly as a
 * mention is answered (claimed once, rate limits, budget, history, memory, status reaction, split reply), but silent
 * where a mention would be told why not; the gratitude ❤️; the budget gate.
 */
@ApplicationScoped
public class VibeAnswers {
    @Inject
    MentionConsumer chat;

    public Uni<Void> answer(DiscordEvent event, Message message, GuildConfig config) {
        return chat.answerVibeTarget(event, message, config);
    }

    public Uni<Void> heart(DiscordEvent event, Message message) {
        return chat.heart(event, message);
    }

    public Uni<Boolean> withinBudget(String guildId, GuildConfig config) {
        return chat.withinBudget(guildId, config);
    }
}
