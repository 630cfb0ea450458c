package bot.volvox.moderation.warnings;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.OperationPlan.WarningDraft;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code warnings}. "In force" = {@code active AND (expires_at IS NULL OR expires_at > now())}. */
@ApplicationScoped
public class WarningRepository {
    static final String IN_FORCE = "active AND (expires_at IS NULL OR expires_at > now())";

    @Inject
    Pool pool;

    /**
     * Inserts the warning of a case in the case's transaction (case and warning commit
     * together). {@code created_at} is the statement's clock, not the transaction's start, so that warnings are
     * ordered as they were committed under the guild's case-counter lock (escalation counts on it).
     */
    public Uni<Integer> insert(SqlConnection connection, String guildId, CaseDraft draft, WarningDraft warning,
            int caseId) {
        return connection.preparedQuery("""
                INSERT INTO warnings (guild_id, user_id, moderator_id, moderator_tag, reason, severity, points,
                                      expires_at, case_id, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp(), clock_timestamp()) RETURNING id""")
                .execute(Tuple.from(new Object[] {guildId, draft.targetId(), draft.moderatorId(), draft.moderatorTag(),
                        draft.reason(), warning.severity(), warning.points(),
                        warning.expiresAt() == null ? null : OffsetDateTime.ofInstant(warning.expiresAt(), ZoneOffset.UTC),
                        caseId}))
                .map(rows -> rows.iterator().next().getInteger("id"));
    }

    public record Page(List<Warning> warnings, long total) {
    }

    /** Warnings newest first; null filters do not filter. {@code active} filters on the column only (REST). */
    public Uni<Page> page(String guildId, String userId, Boolean active, boolean inForceOnly, String severity,
            int limit, int offset) {
        return pool.preparedQuery("SELECT " + Warning.COLUMNS + ", count(*) OVER () AS total FROM warnings "
                + "WHERE guild_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::boolean IS NULL OR active = $3) "
                + "AND ($4::text IS NULL OR severity = $4) " + (inForceOnly ? "AND " + IN_FORCE : "")
                + " ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6")
                .execute(Tuple.from(new Object[] {guildId, userId, active, severity, limit, offset}))
                .flatMap(rows -> {
                    List<Warning> warnings = new ArrayList<>();
                    long total = -1;
                    for (Row row : rows) {
                        warnings.add(Warning.from(row));
                        total = row.getLong("total");
                    }
                    if (total >= 0) {
                        return Uni.createFrom().item(new Page(warnings, total));
                    }
                    return pool.preparedQuery("SELECT count(*) FROM warnings WHERE guild_id = $1 "
                            + "AND ($2::text IS NULL OR user_id = $2) AND ($3::boolean IS NULL OR active = $3) "
                            + "AND ($4::text IS NULL OR severity = $4) " + (inForceOnly ? "AND " + IN_FORCE : ""))
                            .execute(Tuple.of(guildId, userId, active, severity))
                            .map(count -> new Page(warnings, count.iterator().next().getLong(0)));
                });
    }

    public record Standing(long activeCount, long activePoints) {
    }

    /** Count and points of the user's warnings in force. */
    public Uni<Standing> standing(String guildId, String userId) {
        return pool.preparedQuery("SELECT count(*) AS n, coalesce(sum(points), 0) AS p FROM warnings "
                + "WHERE guild_id = $1 AND user_id = $2 AND " + IN_FORCE)
                .execute(Tuple.of(guildId, userId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Standing(row.getLong("n"), row.getLong("p"));
                });
    }

    public Uni<Warning> byId(String guildId, int id) {
        return pool.preparedQuery("SELECT " + Warning.COLUMNS + " FROM warnings WHERE guild_id = $1 AND id = $2")
                .execute(Tuple.of(guildId, id))
                .map(rows -> rows.size() == 0 ? null : Warning.from(rows.iterator().next()));
    }

    /** Sets reason and/or severity (points follow the severity); null leaves a field as it is. */
    public Uni<Warning> edit(SqlConnection connection, String guildId, int id, String reason, String severity,
            Integer points) {
        return connection.preparedQuery("UPDATE warnings SET version = version + 1, reason = coalesce($3, reason), "
                + "severity = coalesce($4, severity), points = coalesce($5, points), updated_at = now() "
                + "WHERE guild_id = $1 AND id = $2 RETURNING " + Warning.COLUMNS)
                .execute(Tuple.from(new Object[] {guildId, id, reason, severity, points}))
                .map(rows -> rows.size() == 0 ? null : Warning.from(rows.iterator().next()));
    }

    /** Deactivates an active warning; null when there is no active warning with that id. */
    public Uni<Warning> remove(SqlConnection connection, String guildId, int id, String moderatorId, String reason) {
        return connection.preparedQuery("UPDATE warnings SET version = version + 1, active = false, removed_at = now(), removed_by = $3, "
                + "removal_reason = $4, updated_at = now() WHERE guild_id = $1 AND id = $2 AND active "
                + "RETURNING " + Warning.COLUMNS)
                .execute(Tuple.of(guildId, id, moderatorId, reason))
                .map(rows -> rows.size() == 0 ? null : Warning.from(rows.iterator().next()));
    }

    /** Deactivates all of a user's active warnings; returns how many. */
    public Uni<Integer> clear(SqlConnection connection, String guildId, String userId, String moderatorId,
            String reason) {
        return connection.preparedQuery("UPDATE warnings SET version = version + 1, active = false, removed_at = now(), removed_by = $3, "
                + "removal_reason = $4, updated_at = now() WHERE guild_id = $1 AND user_id = $2 AND active")
                .execute(Tuple.of(guildId, userId, moderatorId, reason))
                .map(rows -> rows.rowCount());
    }
}
