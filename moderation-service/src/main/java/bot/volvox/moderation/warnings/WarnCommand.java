package bot.volvox.moderation.warnings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.ModerationFlow;
import bot.volvox.moderation.cases.ModerationFlow.Checks;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.interactions.Tags;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import io.smallrye.mutiny.Uni;

/**
 * /warn: the case and the warning are written in one transaction (the original wrote them separately, so a failure could leave a case without its warning), then escalation is
 * evaluated in that same transaction.
 */
@ApplicationScoped
public class WarnCommand implements SlashCommandHandler {

    @Inject
    ModerationFlow flow;

    /** Every write is an operation keyed by the interaction; the answers given at once only read. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("warn");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        ResolvedUser target = context.user("user").orElse(null);
        Optional<String> refusal = flow.refusal(context, target, Checks.ALL);
        if (refusal.isPresent()) {
            return flow.reply(context, refusal.get());
        }
        String severity = context.string("severity").orElse("low");
        if (!WarningPolicy.SEVERITIES.contains(severity)) {
            return flow.reply(context, "❌ Severity must be low, medium or high.");
        }
        String reason = context.string("reason").orElse(null);
        CaseDraft draft = new CaseDraft("warn", target.user().id(), Tags.of(target.user()), context.invokerId(),
                context.invokerTag(), reason, null, null);
        return flow.runAnsweringBeforeDm(context, flow.dm(context, target, "warn", "warned", reason), List.of(),
                draft, WarningPolicy.draft(context.config(), severity, Instant.now()),
                "✅ **" + Tags.of(target.user()) + "** has been warned. (Case #{case})");
    }
}
