package bot.volvox.moderation.automod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.OperationPlan;
import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.moderation.cases.Operations;
import bot.volvox.moderation.discord.BotIdentity;
import bot.volvox.moderation.warnings.WarningPolicy;
import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.AiModerationRequested;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.interactions.Tags;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Carries out ai-service's AI auto-moderation requests ({@code volvox.moderation}, spec §2.9 step 6) through the case
 * flow: a {@code flagged_messages} row ({@code flagged_by = 'ai-automod'}), then one operation per message (id
 * {@code ai-automod:<message id>}, so a redelivery or a second request for the same message starts nothing new) with
 * the flag embed, the deletion and the strongest of warn, timeout, kick and ban, recorded as one case with the bot as
 * moderator. The original ran each listed action with its own case; one message gets one case here, and a ban makes
 * a warning of the same message moot. Members the original exempts (Administrator, admin and moderator roles) are
 * flagged but not acted on. A record that is not such a request, or names an unknown action, is dead-lettered with
 * the reason.
 */
@ApplicationScoped
public class AiModerationRequests {
    static final List<String> CASE_ACTIONS = List.of("ban", "kick", "timeout", "warn");
    static final Set<String> ACTIONS = Set.of("flag", "delete", "warn", "timeout", "kick", "ban");

    @Inject
    GuildConfigs configs;
    @Inject
    Operations operations;
    @Inject
    BotIdentity bot;
    @Inject
    Pool pool;

    @Incoming("ai-moderation")
    public Uni<Void> onRequest(DiscordEvent event) {
        AiModerationRequested request = validated(event);
        Message message = request.message();
        return TransientFailures.retried(Uni.createFrom().deferred(() -> configs.settings(event.guildId())
                .flatMap(config -> flag(event.guildId(), request)
                        .flatMap(ignored -> operations.start("ai-automod:" + message.messageId(), event.guildId(),
                                plan(config, request))))));
    }

    /** The request, or an {@link IllegalArgumentException} naming what is wrong (the record is dead-lettered). */
    static AiModerationRequested validated(DiscordEvent event) {
        if (!(event.payload() instanceof AiModerationRequested request)) {
            throw new IllegalArgumentException("not an AI moderation request: " + event.type());
        }
        if (event.guildId() == null) {
            throw new IllegalArgumentException("AI moderation request without a guild");
        }
        Message message = request.message();
        if (message == null || message.messageId() == null || message.channelId() == null
                || message.author() == null || message.author().id() == null) {
            throw new IllegalArgumentException("AI moderation request without the message, its channel or author");
        }
        if (request.actions() == null || request.actions().isEmpty()) {
            throw new IllegalArgumentException("AI moderation request without actions");
        }
        for (String action : request.actions()) {
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException("AI moderation request with unknown action '" + action + "'");
            }
        }
        return request;
    }

    OperationPlan plan(GuildConfig config, AiModerationRequested request) {
        Message message = request.message();
        String reason = reason(request);
        List<Step> steps = new ArrayList<>();
        String flagChannel = config.aiAutoMod().flagChannelId();
        if (request.actions().contains("flag") && flagChannel != null) {
            steps.add(new Step("flag", new ActionParams.SendMessage(flagChannel,
                    new MessageBody(null, List.of(embed(request, reason)), List.of()), null), reason, false, null));
        }
        if (request.actions().contains("delete")) {
            steps.add(new Step("delete", new ActionParams.DeleteMessage(message.channelId(), message.messageId()),
                    reason, false, null));
        }
        String action = LegacyFilters.exempt(config, message) ? null
                : CASE_ACTIONS.stream().filter(request.actions()::contains).findFirst().orElse(null);
        if (action == null) {
            return new OperationPlan(null, steps, null, null, null, false, null);
        }
        String userId = message.author().id();
        String tag = Tags.of(message.author());
        CaseDraft draft;
        OperationPlan.WarningDraft warning = null;
        switch (action) {
            case "warn" -> {
                draft = new CaseDraft("warn", userId, tag, bot.userId(), bot.tag(), reason, null, null);
                warning = WarningPolicy.draft(config, "low", Instant.now());
            }
            case "timeout" -> {
                Duration length = Duration.ofMillis(config.aiAutoMod().timeoutDurationMs());
                Instant until = Instant.now().plus(length);
                steps.add(new Step("action", new ActionParams.Timeout(userId, until), reason, true, null));
                draft = new CaseDraft("timeout", userId, tag, bot.userId(), bot.tag(), reason,
                        Durations.format(length), until);
            }
            case "kick" -> {
                steps.add(new Step("action", new ActionParams.Kick(userId), reason, true, null));
                draft = new CaseDraft("kick", userId, tag, bot.userId(), bot.tag(), reason, null, null);
            }
            default -> {
                steps.add(new Step("action", new ActionParams.Ban(userId, 0), reason, true, null));
                draft = new CaseDraft("ban", userId, tag, bot.userId(), bot.tag(), reason, null, null);
            }
        }
        return new OperationPlan(null, steps, draft, warning, null, true, null);
    }

    /** The original's reason: {@code AI Auto-Mod: <categories> — <model's reason>}. */
    static String reason(AiModerationRequested request) {
        String categories = request.categories() == null || request.categories().isEmpty() ? "unreadable verdict"
                : String.join(", ", request.categories());
        String why = request.reason() == null || request.reason().isBlank() ? "" : " — " + request.reason();
        String reason = "AI Auto-Mod: " + categories + why;
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    private static Embed embed(AiModerationRequested request, String reason) {
        Message message = request.message();
        List<EmbedField> fields = new ArrayList<>();
        fields.add(new EmbedField("Author", "<@" + message.author().id() + ">", true));
        fields.add(new EmbedField("Channel", "<#" + message.channelId() + ">", true));
        fields.add(new EmbedField("Categories", request.categories() == null || request.categories().isEmpty()
                ? "unreadable verdict" : String.join(", ", request.categories()), false));
        String content = message.content() == null ? "" : message.content();
        fields.add(new EmbedField("Message", content.length() > 1024 ? content.substring(0, 1021) + "…"
                : content.isEmpty() ? "(empty)" : content, false));
        StringBuilder bars = new StringBuilder();
        Map<String, Double> scores = request.scores() == null ? Map.of() : request.scores();
        scores.forEach((category, score) -> {
            int filled = (int) Math.round(Math.max(0, Math.min(1, score)) * 10);
            bars.append(category).append(' ').append("█".repeat(filled)).append("░".repeat(10 - filled))
                    .append(String.format(Locale.ROOT, " %.2f", score)).append('\n');
        });
        if (!bars.isEmpty()) {
            fields.add(new EmbedField("Scores", bars.toString().strip(), false));
        }
        String why = request.reason() == null || request.reason().isBlank() ? reason : request.reason();
        fields.add(new EmbedField("Reason", why.length() > 512 ? why.substring(0, 512) : why, false));
        return new Embed("🤖 AI Auto-Mod Flag", null, 0xED4245, fields, "Message " + message.messageId(), null, null);
    }

    private Uni<Void> flag(String guildId, AiModerationRequested request) {
        Message message = request.message();
        String content = message.content() == null ? null
                : message.content().length() > 2000 ? message.content().substring(0, 2000) : message.content();
        return pool.preparedQuery("""
                INSERT INTO flagged_messages (guild_id, flagged_by, reason, notes, discord_message_id, channel_id,
                                              author_id, content)
                VALUES ($1, 'ai-automod', 'ai_automod', $2, $3, $4, $5, $6)
                ON CONFLICT (guild_id, discord_message_id, reason) WHERE discord_message_id IS NOT NULL DO NOTHING""")
                .execute(Tuple.from(new Object[] {guildId, reason(request) + " (" + request.model() + ")",
                        message.messageId(), message.channelId(), message.author().id(), content}))
                .replaceWithVoid();
    }
}
