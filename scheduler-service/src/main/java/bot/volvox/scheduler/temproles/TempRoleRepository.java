package bot.volvox.scheduler.temproles;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import bot.volvox.platform.actions.ReplyTarget;
import bot.volvox.platform.kafka.VolvoxJson;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The rows of {@code temp_roles} that {@code /temprole} assigns, revokes and lists. */
@ApplicationScoped
public class TempRoleRepository {

    @Inject
    Pool pool;

    /** A temporary role to give; {@code sourceEventId} (the interaction id) makes a redelivered command a repeat. */
    public record NewTempRole(String guildId, String userId, String userTag, String roleId, String roleName,
            String moderatorId, String moderatorTag, String reason, String durationText, Duration duration,
            String sourceEventId, ReplyTarget replyTarget) {
    }

    /** What the answer to an assignment needs once Discord has answered the role's addition. */
    public record Assigned(long id, String guildId, String userId, String roleName, String durationText,
            Instant expiresAt, String interactionId, ReplyTarget replyTarget) {
    }

    /**
     * The outcome of an assignment: the active row and whether it is this command's (new, or written by an earlier
     * delivery of the same command) or another's, which this one must not extend.
     */
    public record Assignment(long id, Instant expiresAt, boolean ours) {
    }

    public record ActiveTempRole(long id, String userId, String roleName, Instant expiresAt) {
    }

    public record Revoked(long id, String roleName) {
    }

    /**
     * This command's row (also when Discord refused it and it is finished, so a redelivered command answers the same
     * again), else the member's active row of that role, else a new row.
     */
    public Uni<Assignment> assign(NewTempRole role) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                SELECT id, expires_at, source_event_id IS NOT DISTINCT FROM $4 AS same_event FROM temp_roles
                 WHERE (guild_id = $1 AND user_id = $2 AND role_id = $3 AND removed = false) OR source_event_id = $4
                 ORDER BY source_event_id IS NOT DISTINCT FROM $4 DESC LIMIT 1""")
                .execute(Tuple.of(role.guildId(), role.userId(), role.roleId(), role.sourceEventId()))
                .flatMap(existing -> {
                    if (existing.size() > 0) {
                        Row row = existing.iterator().next();
                        return Uni.createFrom().item(new Assignment(row.getLong("id"),
                                row.getOffsetDateTime("expires_at").toInstant(),
                                Boolean.TRUE.equals(row.getBoolean("same_event"))));
                    }
                    return connection.preparedQuery("""
                            INSERT INTO temp_roles (guild_id, user_id, user_tag, role_id, role_name, moderator_id,
                                                    moderator_tag, reason, duration, expires_at, source_event_id,
                                                    reply_target)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10::bigint * interval '1 millisecond', $11,
                                    $12::text::jsonb)
                            RETURNING id, expires_at""")
                            .execute(Tuple.from(new Object[] {role.guildId(), role.userId(), role.userTag(),
                                    role.roleId(), role.roleName(), role.moderatorId(), role.moderatorTag(),
                                    role.reason(), role.durationText(), role.duration().toMillis(),
                                    role.sourceEventId(), json(role.replyTarget())}))
                            .map(rows -> {
                                Row row = rows.iterator().next();
                                return new Assignment(row.getLong("id"),
                                        row.getOffsetDateTime("expires_at").toInstant(), true);
                            });
                }));
    }

    /** Marks the active temp role removed; empty when the member has none of that role. */
    public Uni<Optional<Revoked>> revoke(String guildId, String userId, String roleId) {
        return pool.preparedQuery("""
                UPDATE temp_roles SET removed = true, removed_at = now(), claimed_by = NULL, claimed_until = NULL
                 WHERE guild_id = $1 AND user_id = $2 AND role_id = $3 AND removed = false
                RETURNING id, role_name""")
                .execute(Tuple.of(guildId, userId, roleId))
                .map(rows -> rows.size() == 0 ? Optional.<Revoked>empty()
                        : Optional.of(revoked(rows.iterator().next())));
    }

    /** Up to 25 active temp roles of the guild (of one member when {@code userId} is given), soonest expiry first. */
    public Uni<List<ActiveTempRole>> active(String guildId, String userId) {
        return pool.preparedQuery("""
                SELECT id, user_id, role_name, expires_at FROM temp_roles
                 WHERE guild_id = $1 AND removed = false AND ($2::text IS NULL OR user_id = $2)
                 ORDER BY expires_at, id LIMIT 25""")
                .execute(Tuple.of(guildId, userId))
                .map(rows -> {
                    List<ActiveTempRole> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new ActiveTempRole(row.getLong("id"), row.getString("user_id"),
                            row.getString("role_name"), row.getOffsetDateTime("expires_at").toInstant())));
                    return list;
                });
    }

    /** The assignment of temp role {@code id}, for answering it; empty for a row no command is waiting on. */
    public Uni<Optional<Assigned>> assigned(long id) {
        return pool.preparedQuery("""
                SELECT id, guild_id, user_id, role_name, duration, expires_at, source_event_id, reply_target::text
                  FROM temp_roles WHERE id = $1 AND reply_target IS NOT NULL""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<Assigned>empty();
                    }
                    Row row = rows.iterator().next();
                    try {
                        return Optional.of(new Assigned(row.getLong("id"), row.getString("guild_id"),
                                row.getString("user_id"), row.getString("role_name"), row.getString("duration"),
                                row.getOffsetDateTime("expires_at").toInstant(), row.getString("source_event_id"),
                                VolvoxJson.MAPPER.readValue(row.getString("reply_target"), ReplyTarget.class)));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("temp role " + id + " has an unreadable reply_target", e);
                    }
                });
    }

    /** Discord refused the role: the row is finished (nothing to remove at expiry), with the reason. */
    public Uni<Void> refused(long id, String error) {
        return pool.preparedQuery("""
                UPDATE temp_roles SET removed = true, removed_at = now(), claimed_by = NULL, claimed_until = NULL,
                       last_error = left($2, 500)
                 WHERE id = $1 AND removed = false""")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }

    private static String json(ReplyTarget target) {
        try {
            return target == null ? null : VolvoxJson.MAPPER.writeValueAsString(target);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Revoked revoked(Row row) {
        return new Revoked(row.getLong("id"), row.getString("role_name"));
    }
}
