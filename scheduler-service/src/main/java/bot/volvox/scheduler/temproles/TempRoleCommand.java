package bot.volvox.scheduler.temproles;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.scheduler.temproles.TempRoleRepository.ActiveTempRole;
import bot.volvox.scheduler.temproles.TempRoleRepository.NewTempRole;

import io.smallrye.mutiny.Uni;

/** {@code /temprole assign|revoke|list}: ADD_ROLE now, REMOVE_ROLE at expiry ({@link TempRoleWork}) or on revoke. */
@ApplicationScoped
public class TempRoleCommand implements SlashCommandHandler {
    public static final String NAME = "temprole";

    @Inject
    TempRoleRepository roles;

    @Inject
    SchedulerLoop loop;

    @Inject
    TempRoleWork work;

    @Override
    public Set<String> commands() {
        return Set.of(NAME);
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        String subcommand = context.subcommand();
        return switch (subcommand) {
            case "assign" -> assign(context);
            case "revoke" -> revoke(context);
            case "list" -> list(context);
            default -> Uni.createFrom().item(Reply.error("Unknown subcommand."));
        };
    }

    private Uni<Reply> assign(CommandContext context) {
        CommandOptionValue user = context.option("user");
        CommandOptionValue role = context.option("role");
        Optional<Duration> duration = Durations.parse(context.raw("duration"));
        String reason = context.raw("reason");
        if (user == null || role == null) {
            return Uni.createFrom().item(Reply.error("Give a member and a role."));
        }
        if (duration.isEmpty()) {
            return Uni.createFrom().item(Reply.error("Invalid duration. Use e.g. 1h, 7d, 2w (at most 365 days)."));
        }
        if (role.role() != null && role.role().managed()) {
            return Uni.createFrom().item(Reply.error("That role is managed by an integration and cannot be assigned."));
        }
        if (user.user() != null && user.user().roleIds() == null) {
            return Uni.createFrom().item(Reply.error("That user is not a member of this server."));
        }
        String userId = user.value();
        String roleId = role.value();
        String userTag = user.user() != null ? user.user().user().username() : userId;
        String roleName = role.role() != null ? role.role().name() : roleId;
        var invoker = context.invoker();
        String durationText = Durations.format(duration.get());
        return roles.assign(new NewTempRole(context.guildId(), userId, userTag, roleId, roleName, invoker.id(),
                        invoker.username(), reason, durationText, duration.get(), context.id(), context.replyTarget()))
                .map(assignment -> assignment.ours()
                        // answered by TempRoleResults once Discord has answered the addition
                        ? Reply.later(List.of(work.addition(assignment.id(), context.guildId(), userId, roleId,
                                reason == null ? "Temporary role for " + durationText : reason)))
                        : Reply.error("<@" + userId + "> already has **" + roleName + "** until <t:"
                                + assignment.expiresAt().getEpochSecond()
                                + ":F>. Revoke it first to change the duration."))
                .invoke(loop::wake);
    }

    private Uni<Reply> revoke(CommandContext context) {
        String userId = context.raw("user");
        String roleId = context.raw("role");
        if (userId == null || roleId == null) {
            return Uni.createFrom().item(Reply.error("Give a member and a role."));
        }
        return roles.revoke(context.guildId(), userId, roleId).map(revoked -> revoked
                .map(role -> Reply.text("✅ Removed **" + role.roleName() + "** from <@" + userId + ">.",
                        List.of(work.removal(role.id(), context.guildId(), userId, roleId,
                                "Temporary role revoked by " + context.invoker().username()))))
                .orElseGet(() -> Reply.error("<@" + userId + "> has no active temporary role <@&" + roleId + ">.")));
    }

    private Uni<Reply> list(CommandContext context) {
        String userId = context.raw("user");
        return roles.active(context.guildId(), userId).map(active -> {
            if (active.isEmpty()) {
                return Reply.text("No active temporary roles.");
            }
            StringBuilder text = new StringBuilder("⏳ **Active temporary roles**\n");
            for (ActiveTempRole role : active) {
                text.append("#").append(role.id()).append(" — <@").append(role.userId()).append("> **")
                        .append(role.roleName()).append("** — expires <t:").append(role.expiresAt().getEpochSecond())
                        .append(":R>\n");
            }
            return Reply.text(text.toString().strip());
        });
    }
}
