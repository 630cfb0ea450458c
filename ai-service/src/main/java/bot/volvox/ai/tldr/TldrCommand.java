package bot.volvox.ai.tldr;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.ai.chat.ConversationLog;
import bot.volvox.ai.cooldown.LastTimes;
import bot.volvox.ai.provider.AiFailure;
import bot.volvox.ai.provider.AiProviders;
import bot.volvox.ai.provider.ModelRef;
import bot.volvox.ai.provider.Prompt;
import bot.volvox.ai.usage.UsageLog;
import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.kafka.ProcessedEvents;
import bot.volvox.platform.kafka.VolvoxJson;
import io.smallrye.mutiny.Uni;

/**
 * {@code /tldr [messages]}: the channel's recent AI conversation ({@code conversations}; ai-service sees no other
 * channel history) summarised by the guild's model, recorded in {@code ai_usage} as {@code tldr}. A channel's
 * cooldown ({@code tldr.cooldownSeconds}) starts after a successful summary; the summary's time is shared by every
 * replica ({@link LastTimes}: Redis, or this replica's memory while Redis is away) and compared with the cooldown in
 * force, so lowering or clearing it frees the channel at once (a raised one applies from the next summary, which is
 * kept that long). One answer per interaction: the summary is stored as the claim's outcome, and a redelivery answers
 * with it.
 */
@ApplicationScoped
public class TldrCommand implements SlashCommandHandler {
    private static final Logger LOG = Logger.getLogger(TldrCommand.class);
    static final int DEFAULT_MESSAGES = 30;
    static final String NOTHING = "📭 Nothing to summarise yet: I only see this channel's conversations with me.";
    static final String NOT_CONFIGURED = "⚠️ AI is not configured on this bot, so I can't summarise.";
    static final String BUDGET = "⚠️ This server's daily AI budget is used up; try again later.";
    static final String TROUBLE = "Sorry, I couldn't summarise right now. Try again in a moment!";
    static final String SYSTEM = """
            Summarise this Discord conversation for someone who missed it: a few short bullet points, who said what \
            where it matters, no preamble.""";

    @Inject
    ConversationLog history;
    @Inject
    AiProviders providers;
    @Inject
    UsageLog usage;
    @Inject
    LastTimes lastTimes;
    @Inject
    ProcessedEvents processed;
    @Inject
    ServiceIdentity identity;

    @Override
    public Set<String> commands() {
        return Set.of("tldr");
    }

    /** The time of the channel's last summary (epoch milliseconds). */
    static String lastSummaryKey(String channelId) {
        return "ai:tldr:last:" + channelId;
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        return processed.claim(identity.name(), "tldr:" + context.id()).flatMap(claim -> {
            if (!claim.first() && claim.outcome() != null) {
                return Uni.createFrom().item(Reply.text(text(claim.outcome())));
            }
            return summarise(context);
        });
    }

    private static String text(String outcomeJson) {
        try {
            return VolvoxJson.MAPPER.readTree(outcomeJson).path("text").asText();
        } catch (Exception e) {
            return TROUBLE;
        }
    }

    private Uni<Reply> summarise(CommandContext context) {
        String channelId = context.interaction().channelId();
        Duration cooldown = Duration.ofSeconds(context.config().tldr().cooldownSeconds());
        return lastTimes.remaining(lastSummaryKey(channelId), cooldown).flatMap(left -> {
            if (left.isPresent()) {
                long seconds = (left.get().toMillis() + 999) / 1000; // rounded up: never "try again in 0 s"
                return Uni.createFrom().item(Reply.text("⏳ `/tldr` was used in this channel recently; try again in "
                        + seconds + " s."));
            }
            Optional<ModelRef> model = providers.respondModel(context.config());
            if (model.isEmpty()) {
                return Uni.createFrom().item(Reply.text(NOT_CONFIGURED));
            }
            int count = context.integer("messages").map(Long::intValue).orElse(DEFAULT_MESSAGES);
            return history.recent(channelId, count, context.config().ai().historyTTLDays()).flatMap(entries -> {
                if (entries.isEmpty()) {
                    return Uni.createFrom().item(Reply.text(NOTHING));
                }
                return usage.budget(context.guildId(), context.config().triage().dailyBudgetUsd())
                        .flatMap(budget -> budget == UsageLog.Budget.EXCEEDED ? Uni.createFrom().item(Reply.text(BUDGET))
                                : call(context, channelId, cooldown, model.get(), entries));
            });
        });
    }

    private Uni<Reply> call(CommandContext context, String channelId, Duration cooldown, ModelRef model,
            List<ConversationLog.Entry> entries) {
        String transcript = entries.stream()
                .map(e -> (e.assistant() ? "Volvox" : e.username() == null ? "someone" : e.username()) + ": "
                        + e.content())
                .collect(Collectors.joining("\n"));
        Prompt prompt = Prompt.of(SYSTEM, transcript, providers.settings().maxTokens());
        return usage.metered(context.guildId(), channelId, "tldr", context.invokerId(), model,
                () -> providers.complete(model, prompt, Duration.ofMillis(context.config().triage().timeout()), false))
                .flatMap(summary -> (cooldown.isZero() ? Uni.createFrom().voidItem()
                                : lastTimes.record(lastSummaryKey(channelId), cooldown))
                        .replaceWith("📝 **TL;DR**\n" + summary.text().strip()))
                .onFailure(AiFailure.class).recoverWithItem(failure -> {
                    LOG.warnf("/tldr in %s failed: %s", channelId, failure.getMessage());
                    return ((AiFailure) failure).kind() == AiFailure.Kind.NOT_CONFIGURED ? NOT_CONFIGURED : TROUBLE;
                })
                .flatMap(text -> {
                    ObjectNode outcome = VolvoxJson.MAPPER.createObjectNode().put("text", text);
                    return processed.recordOutcome(identity.name(), "tldr:" + context.id(), outcome.toString())
                            .map(earlier -> Reply.text(earlier.map(TldrCommand::text).orElse(text)));
                });
    }
}
