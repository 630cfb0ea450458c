package bot.volvox.moderation.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.ModerationFlow.Checks;
import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.interactions.Tags;
import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import io.smallrye.mutiny.Uni;

/** /kick, /ban, /tempban, /softban, /timeout, /untimeout, /unban. */
@ApplicationScoped
public class MemberCommands implements SlashCommandHandler {
    static final Duration MAX_TIMEOUT = Duration.ofDays(28);
    private static final java.util.regex.Pattern SNOWFLAKE = java.util.regex.Pattern.compile("\\d{17,20}");

    @Inject
    ModerationFlow flow;

    /** Every write is an operation keyed by the interaction; the answers given at once only read. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("kick", "ban", "tempban", "softban", "timeout", "untimeout", "unban");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        return switch (context.command().commandName()) {
            case "kick" -> kick(context);
            case "ban" -> ban(context, false);
            case "tempban" -> ban(context, true);
            case "softban" -> softban(context);
            case "timeout" -> timeout(context);
            case "untimeout" -> untimeout(context);
            default -> unban(context);
        };
    }

    private static String success(ResolvedUser target, String verb) {
        return "✅ **" + Tags.of(target.user()) + "** has been " + verb + ". (Case #{case})";
    }

    private CaseDraft draft(CommandContext context, String action, ResolvedUser target, String reason,
            String duration, Instant expiresAt) {
        return new CaseDraft(action, target.user().id(), Tags.of(target.user()), context.invokerId(),
                context.invokerTag(), reason, duration, expiresAt);
    }

    private Uni<Reply> kick(CommandContext context) {
        ResolvedUser target = context.user("user").orElse(null);
        Optional<String> refusal = flow.refusal(context, target, Checks.ALL);
        if (refusal.isPresent()) {
            return flow.reply(context, refusal.get());
        }
        String reason = context.string("reason").orElse(null);
        return flow.run(context, flow.dm(context, target, "kick", "kicked", reason),
                List.of(new Step("action", new ActionParams.Kick(target.user().id()), reason, true, null)),
                draft(context, "kick", target, reason, null, null), null, null, success(target, "kicked"));
    }

    private Optional<Integer> deleteSeconds(CommandContext context, int defaultDays) {
        long days = context.integer("delete_messages").orElse((long) defaultDays);
        return days < 0 || days > 7 ? Optional.empty() : Optional.of((int) days * 86400);
    }

    private Uni<Reply> ban(CommandContext context, boolean temporary) {
        ResolvedUser target = context.user("user").orElse(null);
        Optional<String> refusal = flow.refusal(context, target, new Checks(false, true, true));
        if (refusal.isPresent()) {
            return flow.reply(context, refusal.get());
        }
        Optional<Integer> deleteSeconds = deleteSeconds(context, 0);
        if (deleteSeconds.isEmpty()) {
            return flow.reply(context, "❌ delete_messages must be between 0 and 7 days.");
        }
        Duration duration = null;
        if (temporary) {
            Optional<Duration> parsed = Durations.parse(context.string("duration").orElse(null));
            if (parsed.isEmpty()) {
                return flow.reply(context, "❌ Invalid duration format. Use e.g. 1d, 7d, 2w.");
            }
            duration = parsed.get();
        }
        String reason = context.string("reason").orElse(null);
        Instant until = duration == null ? null : Instant.now().plus(duration);
        CaseDraft draft = draft(context, temporary ? "tempban" : "ban", target, reason,
                duration == null ? null : Durations.format(duration), until);
        return flow.run(context, flow.dm(context, target, "ban", "banned", reason),
                List.of(new Step("action", new ActionParams.Ban(target.user().id(), deleteSeconds.get()), reason,
                        true, null)),
                draft, null, until, success(target, temporary ? "temporarily banned" : "banned"));
    }

    private Uni<Reply> softban(CommandContext context) {
        ResolvedUser target = context.user("user").orElse(null);
        Optional<String> refusal = flow.refusal(context, target, Checks.ALL);
        if (refusal.isPresent()) {
            return flow.reply(context, refusal.get());
        }
        Optional<Integer> deleteSeconds = deleteSeconds(context, 7);
        if (deleteSeconds.isEmpty()) {
            return flow.reply(context, "❌ delete_messages must be between 0 and 7 days.");
        }
        String reason = context.string("reason").orElse(null);
        String id = target.user().id();
        return flow.run(context, flow.dm(context, target, "softban", "softbanned", reason),
                List.of(new Step("action", new ActionParams.Ban(id, deleteSeconds.get()), reason, true, null),
                        new Step("unban", new ActionParams.Unban(id), "Softban", false,
                                "⚠️ The unban after the softban failed: the user is still banned.")),
                draft(context, "softban", target, reason, null, null), null, null, success(target, "softbanned"));
    }

    private Uni<Reply> timeout(CommandContext context) {
        ResolvedUser target = context.user("user").orElse(null);
        Optional<String> refusal = flow.refusal(context, target, Checks.ALL);
        if (refusal.isPresent()) {
            return flow.reply(context, refusal.get());
        }
        Optional<Duration> duration = Durations.parse(context.string("duration").orElse(null));
        if (duration.isEmpty()) {
            return flow.reply(context, "❌ Invalid duration format. Use e.g. 10m, 1h, 7d.");
        }
        if (duration.get().compareTo(MAX_TIMEOUT) > 0) {
            return flow.reply(context, "❌ Timeout duration cannot exceed 28 days.");
        }
        String reason = context.string("reason").orElse(null);
        Instant until = Instant.now().plus(duration.get());
        return flow.runAnsweringBeforeDm(context, flow.dm(context, target, "timeout", "timed out", reason),
                List.of(new Step("action", new ActionParams.Timeout(target.user().id(), until), reason, true, null)),
                draft(context, "timeout", target, reason, Durations.format(duration.get()), until), null,
                success(target, "timed out"));
    }

    private Uni<Reply> untimeout(CommandContext context) {
        ResolvedUser target = context.user("user").orElse(null);
        Optional<String> refusal = flow.refusal(context, target, new Checks(true, false, true));
        if (refusal.isPresent()) {
            return flow.reply(context, refusal.get());
        }
        String reason = context.string("reason").orElse(null);
        return flow.run(context, Optional.empty(),
                List.of(new Step("action", new ActionParams.RemoveTimeout(target.user().id()), reason, true, null)),
                draft(context, "untimeout", target, reason, null, null), null, null,
                success(target, "removed from timeout"));
    }

    private Uni<Reply> unban(CommandContext context) {
        String userId = context.string("user_id").orElse("");
        if (!SNOWFLAKE.matcher(userId).matches()) {
            return flow.reply(context, "❌ `" + userId.replace("`", "") + "` is not a valid user id.");
        }
        if (userId.equals(context.invokerId())) {
            return flow.reply(context, "❌ You cannot moderate yourself.");
        }
        ResolvedUser target = new ResolvedUser(new Author(userId, null, null, false, false), null, null, null, null);
        String reason = context.string("reason").orElse(null);
        return flow.run(context, Optional.empty(),
                List.of(new Step("action", new ActionParams.Unban(userId), reason, true, null)),
                draft(context, "unban", target, reason, null, null), null, null, success(target, "unbanned"));
    }
}
