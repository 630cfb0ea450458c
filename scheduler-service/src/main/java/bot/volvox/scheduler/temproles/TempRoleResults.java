package bot.volvox.scheduler.temproles;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;

import io.smallrye.mutiny.Uni;

/**
 * Answers {@code /temprole assign} once Discord has answered the role's addition ({@code ADD_ROLE} result, source
 * {@code temp_roles:<id>}): "✅ Gave …" only when the role was given; a refusal is explained, and the row is finished
 * so nothing is removed at its expiry. The answer's actionId is the interaction's, so a redelivered result answers
 * once.
 */
@ApplicationScoped
public class TempRoleResults {

    @Inject
    TempRoleRepository roles;

    @Inject
    ActionPublisher publisher;

    public Uni<Void> onResult(ActionResult result) {
        if (!publisher.isOwnResult(result) || result.kind() != ActionKind.ADD_ROLE) {
            return Uni.createFrom().voidItem();
        }
        Long id = TempRoleWork.rowId(result.origin().sourceEventId());
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return roles.assigned(id).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            TempRoleRepository.Assigned role = found.get();
            boolean given = result.status() == ActionStatus.OK;
            String text = given
                    ? "✅ Gave **" + role.roleName() + "** to <@" + role.userId() + "> for " + role.durationText()
                            + " (until <t:" + role.expiresAt().getEpochSecond() + ":F>). Temp role #" + role.id() + "."
                    : "❌ Could not give **" + role.roleName() + "** to <@" + role.userId() + ">: " + why(result)
                            + " Nothing was changed.";
            Uni<Void> finish = given ? Uni.createFrom().voidItem()
                    : roles.refused(role.id(), result.errorCode() + " " + result.errorMessage());
            return finish.flatMap(ignored -> publisher.reply(role.guildId(), role.interactionId(), role.replyTarget(),
                    MessageBody.text(text), given));
        });
    }

    private static String why(ActionResult result) {
        if (result.status() == ActionStatus.FAILED_TRANSIENT) {
            return "Discord did not answer in time. Try again in a minute.";
        }
        Integer code = result.errorCode();
        if (code == null) {
            return "Discord refused (" + result.errorMessage() + ").";
        }
        return switch (code) {
            case 50013 -> "I don't have permission. I need Manage Roles, and my highest role must be above that role.";
            case 10007 -> "that member is no longer in this server.";
            case 10011 -> "that role no longer exists.";
            default -> "Discord refused (" + code + " " + result.errorMessage() + ").";
        };
    }
}
