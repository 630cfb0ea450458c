package bot.volvox.moderation.warnings;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.Operations;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.interactions.Tags;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import io.smallrye.mutiny.Uni;

/** /warnings, /editwarn, /removewarn, /clearwarnings. Writes run once per interaction. */
@ApplicationScoped
public class WarningCommands implements SlashCommandHandler {
    static final int PAGE_SIZE = 10;

    @Inject
    WarningRepository warnings;

    @Inject
    Operations operations;

    /** Every write is an operation keyed by the interaction; the answers given at once only read. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("warnings", "editwarn", "removewarn", "clearwarnings");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        return switch (context.command().commandName()) {
            case "warnings" -> list(context);
            case "editwarn" -> edit(context);
            case "removewarn" -> remove(context);
            default -> clear(context);
        };
    }

    private static Uni<Reply> reply(String text) {
        return Uni.createFrom().item(Reply.text(text));
    }

    private Uni<Reply> list(CommandContext context) {
        ResolvedUser user = context.user("user").orElse(null);
        if (user == null) {
            return reply("❌ User not found.");
        }
        long page = context.integer("page").orElse(1L);
        if (page < 1) {
            return reply("❌ page must be at least 1.");
        }
        boolean activeOnly = context.bool("active_only").orElse(false);
        Instant now = Instant.now();
        return warnings.page(context.guildId(), user.user().id(), null, activeOnly, null, PAGE_SIZE,
                (int) ((page - 1) * PAGE_SIZE))
                .flatMap(result -> warnings.standing(context.guildId(), user.user().id()).map(standing -> {
                    StringBuilder lines = new StringBuilder();
                    for (Warning warning : result.warnings()) {
                        lines.append("**#").append(warning.id()).append("** ").append(warning.status(now))
                                .append(" · ").append(warning.severity()).append(" (").append(warning.points())
                                .append(" pt) · ").append(warning.reason() == null ? "No reason" : warning.reason())
                                .append('\n');
                    }
                    if (result.warnings().isEmpty()) {
                        lines.append("No warnings.");
                    }
                    int color = standing.activePoints() > 5 ? 0xED4245 : standing.activePoints() > 2 ? 0xFEE75C : 0x57F287;
                    long pages = Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
                    Embed embed = new Embed("Warnings — " + Tags.of(user.user()), lines.toString(), color,
                            List.of(new EmbedField("Active warnings", Long.toString(standing.activeCount()), true),
                                    new EmbedField("Active points", Long.toString(standing.activePoints()), true)),
                            "Page " + page + "/" + pages, null, null);
                    return Reply.embed(embed);
                }));
    }

    private Uni<Reply> edit(CommandContext context) {
        int id = context.integer("id").orElse(0L).intValue();
        String reason = context.string("reason").orElse(null);
        String severity = context.string("severity").orElse(null);
        if (reason == null && severity == null) {
            return reply("❌ Give a new reason or severity.");
        }
        if (severity != null && !WarningPolicy.SEVERITIES.contains(severity)) {
            return reply("❌ Severity must be low, medium or high.");
        }
        Integer points = severity == null ? null : WarningPolicy.points(context.config(), severity);
        return operations.runOnce(context.id(), context.guildId(), context.replyTarget(),
                connection -> warnings.edit(connection, context.guildId(), id, reason, severity, points)
                        .map(warning -> warning == null ? "❌ Warning #" + id + " not found."
                                : "✅ Warning #" + id + " updated (" + warning.severity() + ", " + warning.points()
                                        + " pt)."))
                .replaceWith(Reply.LATER);
    }

    private Uni<Reply> remove(CommandContext context) {
        int id = context.integer("id").orElse(0L).intValue();
        String reason = context.string("reason").orElse(null);
        return operations.runOnce(context.id(), context.guildId(), context.replyTarget(),
                connection -> warnings.remove(connection, context.guildId(), id, context.invokerId(), reason)
                        .map(warning -> warning == null ? "❌ Warning #" + id + " not found or not active."
                                : "✅ Warning #" + id + " removed."))
                .replaceWith(Reply.LATER);
    }

    private Uni<Reply> clear(CommandContext context) {
        ResolvedUser user = context.user("user").orElse(null);
        if (user == null) {
            return reply("❌ User not found.");
        }
        String reason = context.string("reason").orElse("Bulk clear");
        return operations.runOnce(context.id(), context.guildId(), context.replyTarget(),
                connection -> warnings.clear(connection, context.guildId(), user.user().id(), context.invokerId(),
                        reason).map(count -> "✅ Cleared " + count + " active warning(s) for **"
                                + Tags.of(user.user()) + "**."))
                .replaceWith(Reply.LATER);
    }
}
