package bot.volvox.scheduler.temproles;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.scheduler.claims.SchedulerLoop;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.commands.Durations;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code /temprole assign|revoke|list}: ADD_ROLE now, REMOVE_ROLE at expiry ({@link TempRoleWork}) or on revoke. */
@ApplicationScoped
public class TempRoleCommand implements SlashCommandHandler {
    public static final String NAME = "temprole";

    @Inject
    Pool pool;

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
        return pool.withTransaction(connection -> connection.preparedQuery("""
                SELECT id, expires_at, source_event_id = $4 AS same_event FROM temp_roles
                 WHERE guild_id = $1 AND user_id = $2 AND role_id = $3 AND removed = false""")
                .execute(Tuple.of(context.guildId(), userId, roleId, context.id()))
                .flatMap(existing -> {
                    if (existing.size() > 0) {
                        Row row = existing.iterator().next();
                        if (Boolean.TRUE.equals(row.getBoolean("same_event"))) {
                            return Uni.createFrom().item(assigned(context, row.getLong("id"), userId, roleId, roleName,
                                    durationText, row.getOffsetDateTime("expires_at").toEpochSecond(), reason));
                        }
                        return Uni.createFrom().item(Reply.error("<@" + userId + "> already has **" + roleName
                                + "** until <t:" + row.getOffsetDateTime("expires_at").toEpochSecond()
                                + ":F>. Revoke it first to change the duration."));
                    }
                    return connection.preparedQuery("""
                            INSERT INTO temp_roles (guild_id, user_id, user_tag, role_id, role_name, moderator_id,
                                                    moderator_tag, reason, duration, expires_at, source_event_id)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10::bigint * interval '1 millisecond', $11)
                            RETURNING id, expires_at""")
                            .execute(Tuple.from(new Object[] {context.guildId(), userId, userTag, roleId, roleName,
                                    invoker.id(), invoker.username(), reason, durationText,
                                    duration.get().toMillis(), context.id()}))
                            .map(rows -> {
                                Row row = rows.iterator().next();
                                return assigned(context, row.getLong("id"), userId, roleId, roleName, durationText,
                                        row.getOffsetDateTime("expires_at").toEpochSecond(), reason);
                            });
                }))
                .invoke(loop::wake);
    }

    private Reply assigned(CommandContext context, long id, String userId, String roleId, String roleName,
            String durationText, long expiresEpoch, String reason) {
        DiscordAction add = work.addition(id, context.guildId(), userId, roleId,
                reason == null ? "Temporary role for " + durationText : reason);
        return Reply.text("✅ Gave **" + roleName + "** to <@" + userId + "> for " + durationText + " (until <t:"
                + expiresEpoch + ":F>). Temp role #" + id + ".", List.of(add));
    }

    private Uni<Reply> revoke(CommandContext context) {
        String userId = context.raw("user");
        String roleId = context.raw("role");
        if (userId == null || roleId == null) {
            return Uni.createFrom().item(Reply.error("Give a member and a role."));
        }
        return pool.preparedQuery("""
                UPDATE temp_roles SET removed = true, removed_at = now(), claimed_by = NULL, claimed_until = NULL
                 WHERE guild_id = $1 AND user_id = $2 AND role_id = $3 AND removed = false
                RETURNING id, role_name""")
                .execute(Tuple.of(context.guildId(), userId, roleId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Reply.error("<@" + userId + "> has no active temporary role <@&" + roleId + ">.");
                    }
                    Row row = rows.iterator().next();
                    long id = row.getLong("id");
                    return Reply.text("✅ Removed **" + row.getString("role_name") + "** from <@" + userId + ">.",
                            List.of(work.removal(id, context.guildId(), userId, roleId,
                                    "Temporary role revoked by " + context.invoker().username())));
                });
    }

    private Uni<Reply> list(CommandContext context) {
        String userId = context.raw("user");
        return pool.preparedQuery("""
                SELECT id, user_id, role_name, expires_at FROM temp_roles
                 WHERE guild_id = $1 AND removed = false AND ($2::text IS NULL OR user_id = $2)
                 ORDER BY expires_at, id LIMIT 25""")
                .execute(Tuple.of(context.guildId(), userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Reply.text("No active temporary roles.");
                    }
                    StringBuilder text = new StringBuilder("⏳ **Active temporary roles**\n");
                    for (Row row : rows) {
                        text.append("#").append(row.getLong("id")).append(" — <@").append(row.getString("user_id"))
                                .append("> **").append(row.getString("role_name")).append("** — expires <t:")
                                .append(row.getOffsetDateTime("expires_at").toEpochSecond()).append(":R>\n");
                    }
                    return Reply.text(text.toString().strip());
                });
    }
}
