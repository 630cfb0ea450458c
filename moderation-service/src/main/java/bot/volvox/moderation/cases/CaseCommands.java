package bot.volvox.moderation.cases;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.interactions.Tags;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import io.smallrye.mutiny.Uni;

/** /case view|list|reason|delete and /history. */
@ApplicationScoped
public class CaseCommands implements SlashCommandHandler {

    @Inject
    CaseRepository cases;

    @Inject
    Operations operations;

    @Inject
    ActionPublisher actions;

    /** Every write is an operation keyed by the interaction; the answers given at once only read. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("case", "history");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        if ("history".equals(context.command().commandName())) {
            return history(context);
        }
        String sub = context.command().subcommand() == null ? "" : context.command().subcommand();
        return switch (sub) {
            case "view" -> view(context);
            case "list" -> list(context);
            case "reason" -> reason(context);
            case "delete" -> delete(context);
            default -> reply("❌ Unknown subcommand.");
        };
    }

    private static Uni<Reply> reply(String text) {
        return Uni.createFrom().item(Reply.text(text));
    }

    private static String truncate(String text, int max) {
        if (text == null) {
            return "No reason";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private Uni<Reply> view(CommandContext context) {
        int number = context.integer("case_id").orElse(0L).intValue();
        return cases.byNumber(context.guildId(), number).flatMap(modCase -> modCase == null
                ? reply("❌ Case #" + number + " not found.")
                : Uni.createFrom().item(Reply.embed(ModLog.embed(modCase))));
    }

    private Uni<Reply> list(CommandContext context) {
        String user = context.user("user").map(u -> u.user().id()).orElse(null);
        String type = context.string("type").orElse(null);
        return cases.page(new CaseRepository.Filter(context.guildId(), user, type), true, 10, 0)
                .flatMap(page -> reply(page.cases().isEmpty() ? "No cases found."
                        : page.cases().stream().map(c -> "**#" + c.caseNumber() + "** " + c.action() + " · "
                                + c.targetTag() + " · " + truncate(c.reason(), 50))
                                .collect(Collectors.joining("\n"))));
    }

    private Uni<Reply> history(CommandContext context) {
        ResolvedUser user = context.user("user").orElse(null);
        if (user == null) {
            return reply("❌ User not found.");
        }
        String id = user.user().id();
        return cases.page(new CaseRepository.Filter(context.guildId(), id, null), true, 25, 0)
                .flatMap(page -> cases.countsByAction(context.guildId(), id).map(counts -> {
                    String lines = page.cases().isEmpty() ? "No cases." : page.cases().stream()
                            .map(c -> "**#" + c.caseNumber() + "** " + c.action() + " · " + truncate(c.reason(), 40))
                            .collect(Collectors.joining("\n"));
                    String summary = counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", "));
                    Embed embed = new Embed("History — " + Tags.of(user.user()), lines, 0x5865F2, List.of(
                            new ActionParams.EmbedField("Summary", summary.isEmpty() ? "none" : summary, false)),
                            "Total: " + page.total(), null, null);
                    return Reply.embed(embed);
                }));
    }

    private Uni<Reply> reason(CommandContext context) {
        int number = context.integer("case_id").orElse(0L).intValue();
        String reason = context.string("reason").orElse(null);
        if (reason == null) {
            return reply("❌ Give the new reason.");
        }
        return operations.runOnce(context.id(), context.guildId(), context.replyTarget(),
                        connection -> cases.updateReason(connection, context.guildId(), number, reason)
                                .call(updated -> updated == null || updated.logMessageId() == null
                                        ? Uni.createFrom().voidItem()
                                        : ModLog.channel(context.config(), updated.action())
                                                .map(channel -> actions.publish(context.guildId(), context.id(),
                                                        "modlog-edit", null, new ActionParams.EditMessage(channel,
                                                                updated.logMessageId(), new MessageBody(null,
                                                                        List.of(ModLog.embed(updated)), List.of()))))
                                                .orElse(Uni.createFrom().voidItem()))
                                .map(updated -> updated == null ? "❌ Case #" + number + " not found."
                                        : "✅ Case #" + number + " reason updated."))
                .replaceWith(Reply.LATER);
    }

    private Uni<Reply> delete(CommandContext context) {
        int number = context.integer("case_id").orElse(0L).intValue();
        return operations.runOnce(context.id(), context.guildId(), context.replyTarget(),
                connection -> cases.delete(connection, context.guildId(), number)
                        .map(deleted -> deleted == null ? "❌ Case #" + number + " not found."
                                : "✅ Case #" + number + " deleted. Its number will not be reused."))
                .replaceWith(Reply.LATER);
    }

}
