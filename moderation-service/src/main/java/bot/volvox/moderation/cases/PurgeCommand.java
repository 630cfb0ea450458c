package bot.volvox.moderation.cases;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import io.smallrye.mutiny.Uni;

/**
 * /purge all|user|bot|contains|links|attachments: one {@code PURGE} action on the channel the
 * command was used in, then a {@code purge} case whose target is that channel and whose reason carries the counts
 * the gateway reports ({@link #completed}); mod-log post, no audit row, no DM. The case and the answer wait for the
 * result because only the gateway knows how many messages it deleted.
 */
@ApplicationScoped
public class PurgeCommand implements SlashCommandHandler {
    static final String COUNT_REFUSAL = "❌ Count must be between 1 and " + ActionParams.Purge.MAX_LIMIT + ".";

    @Inject
    Operations operations;

    @Inject
    ModerationFlow flow;

    /** Every write is an operation keyed by the interaction; the answers given at once only read. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("purge");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        Optional<Long> count = context.integer("count");
        if (count.isEmpty() || count.get() < 1 || count.get() > ActionParams.Purge.MAX_LIMIT) {
            return flow.reply(context, COUNT_REFUSAL);
        }
        String subcommand = context.command().subcommand() == null ? "" : context.command().subcommand();
        String filter;
        switch (subcommand) {
            case ActionParams.Purge.ALL, ActionParams.Purge.BOT, ActionParams.Purge.LINKS,
                    ActionParams.Purge.ATTACHMENTS -> filter = subcommand;
            case "user" -> {
                Optional<String> userId = context.user("user").map(ResolvedUser::user).map(user -> user.id());
                if (userId.isEmpty()) {
                    return flow.reply(context, "❌ User not found.");
                }
                filter = ActionParams.Purge.USER_PREFIX + userId.get();
            }
            case "contains" -> {
                Optional<String> text = context.string("text");
                if (text.isEmpty()) {
                    return flow.reply(context, "❌ Text to search for is required.");
                }
                filter = ActionParams.Purge.CONTAINS_PREFIX + text.get().toLowerCase(Locale.ROOT);
            }
            default -> {
                return flow.reply(context, "❌ Unknown subcommand.");
            }
        }
        String channelId = context.interaction().channelId();
        // The filter is the reason until the result brings the counts (see completed).
        CaseDraft draft = new CaseDraft("purge", channelId, context.channelTag("channel"), context.invokerId(),
                context.invokerTag(), filter, null, null);
        Step purge = new Step("action", new ActionParams.Purge(channelId, count.get().intValue(), filter), null, true,
                null);
        return operations.start(context.id(), context.guildId(),
                new OperationPlan(context.replyTarget(), List.of(purge), draft, null, null, false, null))
                .replaceWith(Reply.LATER);
    }

    /**
     * The plan of a /purge once its PURGE succeeded: the case reason and the answer, worded as the original bot's,
     * with the counts the gateway reported.
     */
    static OperationPlan completed(OperationPlan plan, ActionResult.Purged purged) {
        CaseDraft draft = plan.caseDraft();
        String reason = purged.deleted() + " message(s) deleted | filter=" + draft.reason() + " | scanned="
                + purged.scanned();
        return new OperationPlan(plan.reply(), plan.steps(), new CaseDraft(draft.action(), draft.targetId(),
                draft.targetTag(), draft.moderatorId(), draft.moderatorTag(), reason, draft.duration(),
                draft.expiresAt()), plan.warning(), plan.unbanAt(), plan.audit(),
                "Deleted **" + purged.deleted() + "** message(s) from **" + purged.scanned() + "** scanned message(s).");
    }
}
