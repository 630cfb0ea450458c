package bot.volvox.moderation.cases;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A {@code mod_cases} row. */
public record ModCase(int id, String guildId, int caseNumber, String action, String targetId, String targetTag,
        String moderatorId, String moderatorTag, String reason, String duration, Instant expiresAt,
        String logMessageId, Instant createdAt) {

    static final String COLUMNS = "id, guild_id, case_number, action, target_id, target_tag, moderator_id, "
            + "moderator_tag, reason, duration, expires_at, log_message_id, created_at";

    static ModCase from(Row row) {
        return new ModCase(row.getInteger("id"), row.getString("guild_id"), row.getInteger("case_number"),
                row.getString("action"), row.getString("target_id"), row.getString("target_tag"),
                row.getString("moderator_id"), row.getString("moderator_tag"), row.getString("reason"),
                row.getString("duration"), instant(row.getOffsetDateTime("expires_at")),
                row.getString("log_message_id"), instant(row.getOffsetDateTime("created_at")));
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
