package bot.volvox.moderation.cases;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code mod_cases}. Case numbers come from the per-guild counter row {@code mod_case_counters}: the upsert that
 * takes the next number locks that row until the transaction ends, so concurrent creations in one guild (on any
 * number of replicas) queue up and get consecutive numbers, and a number is never handed out twice — deleting the
 * newest case does not make its number reusable (the original reused the number of a deleted newest case). A rolled-back creation also rolls back its
 * increment, so numbers stay gap-free.
 */
@ApplicationScoped
public class CaseRepository {

    @Inject
    Pool pool;

    /**
     * Records a case and, in the same statement, links the operation that made it ({@code operationId}; null for
     * none) to it.
     */
    public Uni<ModCase> insert(SqlConnection connection, String guildId, CaseDraft draft, String operationId) {
        return connection.preparedQuery("""
                WITH next AS (
                  INSERT INTO mod_case_counters (guild_id, last_case_number) VALUES ($1, 1)
                  ON CONFLICT (guild_id) DO UPDATE SET last_case_number = mod_case_counters.last_case_number + 1
                  RETURNING last_case_number),
                created AS (
                  INSERT INTO mod_cases (guild_id, case_number, action, target_id, target_tag, moderator_id,
                                         moderator_tag, reason, duration, expires_at)
                  SELECT $1, last_case_number, $2, $3, $4, $5, $6, $7, $8, $9 FROM next
                  RETURNING\s""" + ModCase.COLUMNS + """
                ),
                linked AS (
                  UPDATE mod_operations SET case_id = created.id FROM created WHERE mod_operations.id = $10)
                SELECT * FROM created""")
                .execute(Tuple.from(new Object[] {guildId, draft.action(), draft.targetId(), draft.targetTag(),
                        draft.moderatorId(), draft.moderatorTag(), draft.reason(), draft.duration(),
                        draft.expiresAt() == null ? null : OffsetDateTime.ofInstant(draft.expiresAt(), ZoneOffset.UTC),
                        operationId}))
                .map(rows -> ModCase.from(rows.iterator().next()));
    }

    public Uni<ModCase> byNumber(String guildId, int caseNumber) {
        return pool.preparedQuery("SELECT " + ModCase.COLUMNS + " FROM mod_cases WHERE guild_id = $1 AND case_number = $2")
                .execute(Tuple.of(guildId, caseNumber))
                .map(rows -> rows.size() == 0 ? null : ModCase.from(rows.iterator().next()));
    }

    public Uni<Void> setLogMessageId(int caseId, String messageId) {
        return pool.preparedQuery("UPDATE mod_cases SET log_message_id = $2 WHERE id = $1")
                .execute(Tuple.of(caseId, messageId)).replaceWithVoid();
    }

    /** Filters for {@link #page}; null fields do not filter. */
    public record Filter(String guildId, String targetId, String action) {
    }

    public record Page(List<ModCase> cases, long total) {
    }

    /** Cases of a guild, newest (or oldest) first, {@code limit} per page from {@code offset}. */
    public Uni<Page> page(Filter filter, boolean newestFirst, int limit, int offset) {
        List<Object> params = new ArrayList<>();
        params.add(filter.guildId());
        StringBuilder where = new StringBuilder("guild_id = $1");
        if (filter.targetId() != null) {
            params.add(filter.targetId());
            where.append(" AND target_id = $").append(params.size());
        }
        if (filter.action() != null) {
            params.add(filter.action());
            where.append(" AND action = $").append(params.size());
        }
        params.add(limit);
        params.add(offset);
        String sql = "SELECT " + ModCase.COLUMNS + ", count(*) OVER () AS total FROM mod_cases WHERE " + where
                + " ORDER BY case_number " + (newestFirst ? "DESC" : "ASC")
                + " LIMIT $" + (params.size() - 1) + " OFFSET $" + params.size();
        Uni<Page> rowsPage = pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<ModCase> cases = new ArrayList<>();
            long total = -1;
            for (Row row : rows) {
                cases.add(ModCase.from(row));
                total = row.getLong("total");
            }
            return new Page(cases, total);
        });
        return rowsPage.flatMap(page -> page.total() >= 0 ? Uni.createFrom().item(page)
                : count(filter).map(total -> new Page(page.cases(), total)));
    }

    private Uni<Long> count(Filter filter) {
        return pool.preparedQuery("""
                SELECT count(*) FROM mod_cases WHERE guild_id = $1 AND ($2::text IS NULL OR target_id = $2)
                  AND ($3::text IS NULL OR action = $3)""")
                .execute(Tuple.of(filter.guildId(), filter.targetId(), filter.action()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Number of cases per action for a guild (optionally one target), most frequent first. */
    public Uni<Map<String, Long>> countsByAction(String guildId, String targetId) {
        return pool.preparedQuery("""
                SELECT action, count(*) AS n FROM mod_cases WHERE guild_id = $1 AND ($2::text IS NULL OR target_id = $2)
                GROUP BY action ORDER BY n DESC, action""")
                .execute(Tuple.of(guildId, targetId))
                .map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.put(row.getString("action"), row.getLong("n")));
                    return counts;
                });
    }

    public Uni<ModCase> updateReason(SqlConnection connection, String guildId, int caseNumber, String reason) {
        return connection.preparedQuery("UPDATE mod_cases SET reason = $3, version = version + 1 WHERE guild_id = $1 AND case_number = $2 RETURNING "
                + ModCase.COLUMNS)
                .execute(Tuple.of(guildId, caseNumber, reason))
                .map(rows -> rows.size() == 0 ? null : ModCase.from(rows.iterator().next()));
    }

    public Uni<ModCase> delete(SqlConnection connection, String guildId, int caseNumber) {
        return connection.preparedQuery("DELETE FROM mod_cases WHERE guild_id = $1 AND case_number = $2 RETURNING "
                + ModCase.COLUMNS)
                .execute(Tuple.of(guildId, caseNumber))
                .map(rows -> rows.size() == 0 ? null : ModCase.from(rows.iterator().next()));
    }
}
