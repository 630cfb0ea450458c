package bot.volvox.moderation.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.moderation.cases.OperationPlan.WarningDraft;
import bot.volvox.moderation.commands.Permissions;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;

import io.smallrye.mutiny.Uni;

/** The shared moderation flow of the member commands: checks, DM, action, case, answer. */
@ApplicationScoped
public class ModerationFlow {

    @Inject
    Operations operations;

    /** Which checks a command skips. */
    public record Checks(boolean memberRequired, boolean protection, boolean hierarchy) {
        public static final Checks ALL = new Checks(true, true, true);
    }

    /** The refusal for acting on {@code target}, or empty when the invoker may. */
    public Optional<String> refusal(CommandContext context, ResolvedUser target, Checks checks) {
        if (target == null || target.user() == null) {
            return Optional.of("❌ User not found.");
        }
        boolean member = target.roleIds() != null;
        if (checks.memberRequired() && !member) {
            return Optional.of("❌ That user is not a member of this server.");
        }
        String id = target.user().id();
        if (id.equals(context.invokerId())) {
            return Optional.of("❌ You cannot moderate yourself.");
        }
        if (id.equals(context.interaction().applicationId())) {
            return Optional.of("❌ I cannot moderate myself.");
        }
        boolean targetOwnsGuild = id.equals(context.interaction().guildOwnerId());
        if (member && checks.protection() && Permissions.isProtected(context.config(), target, targetOwnsGuild)) {
            return Optional.of("❌ Cannot moderate a protected user.");
        }
        if (member && checks.hierarchy() && !Permissions.outranks(context.interaction(), target)) {
            return Optional.of("❌ You cannot moderate a member with an equal or higher role than yours.");
        }
        if (member && checks.hierarchy() && !Permissions.botOutranks(context.interaction(), target)) {
            return Optional.of("❌ I cannot moderate this member — my role is not high enough.");
        }
        return Optional.empty();
    }

    /** The DM step before the action, when {@code moderation.dmNotifications.<key>} is on and the user is a member. */
    public Optional<Step> dm(CommandContext context, ResolvedUser target, String key, String pastTense, String reason) {
        boolean wanted = context.config().moderation().dmNotifications().of(key);
        if (!wanted || target.roleIds() == null) {
            return Optional.empty();
        }
        // a record from a gateway that did not send the guild's name yet: the id is all there is
        String guild = context.interaction().guildName() != null ? context.interaction().guildName()
                : context.guildId();
        Embed embed = new Embed("You have been " + pastTense + " in " + guild, null, ModLog.color(key),
                List.of(new EmbedField("Reason", reason == null ? "No reason provided" : reason, false)), null, null,
                null);
        return Optional.of(new Step("dm", new ActionParams.SendDm(target.user().id(),
                new MessageBody(null, List.of(embed), List.of())), null, false, null));
    }

    /**
     * Starts the operation of a command: optional DM, then the steps, then the case; the operation answers. The DM
     * goes first where the member could no longer receive it after the action (kick, ban: they share no server with
     * the bot any more).
     */
    public Uni<Reply> run(CommandContext context, Optional<Step> dm, List<Step> steps, CaseDraft draft,
            WarningDraft warning, java.time.Instant unbanAt, String successText) {
        List<Step> all = new ArrayList<>();
        dm.ifPresent(all::add);
        all.addAll(steps);
        OperationPlan plan = new OperationPlan(context.replyTarget(), all, draft, warning, unbanAt, true, successText);
        return operations.start(context.id(), context.guildId(), plan).replaceWith(Reply.LATER);
    }

    /**
     * Like {@link #run}, but the DM is sent with the answer instead of before the steps: for actions after which the
     * member still shares the server (warn, timeout), the moderator's answer does not wait for the DM, which queues
     * at Discord's global limit; the DM is still requested once per operation, with its own action id.
     */
    public Uni<Reply> runAnsweringBeforeDm(CommandContext context, Optional<Step> dm, List<Step> steps,
            CaseDraft draft, WarningDraft warning, String successText) {
        OperationPlan plan = new OperationPlan(context.replyTarget(), steps, draft, warning, null, true, successText,
                dm.map(List::of).orElse(List.of()));
        return operations.start(context.id(), context.guildId(), plan).replaceWith(Reply.LATER);
    }

    /** An answer given at once (a refusal or a bad option): the command did not complete. */
    public Uni<Reply> reply(CommandContext context, String text) {
        return Uni.createFrom().item(Reply.refused(text));
    }
}
