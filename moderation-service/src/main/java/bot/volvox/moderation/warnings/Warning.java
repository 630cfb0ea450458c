package bot.volvox.moderation.warnings;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A {@code warnings} row. */
public record Warning(int id, String guildId, String userId, String moderatorId, String moderatorTag, String reason,
        String severity, int points, boolean active, Instant expiresAt, Instant removedAt, String removedBy,
        String removalReason, Integer caseId, Instant createdAt, Instant updatedAt) {

    static final String COLUMNS = "id, guild_id, user_id, moderator_id, moderator_tag, reason, severity, points, "
            + "active, expires_at, removed_at, removed_by, removal_reason, case_id, created_at, updated_at";

    static Warning from(Row row) {
        return new Warning(row.getInteger("id"), row.getString("guild_id"), row.getString("user_id"),
                row.getString("moderator_id"), row.getString("moderator_tag"), row.getString("reason"),
                row.getString("severity"), row.getInteger("points"), row.getBoolean("active"),
                instant(row.getOffsetDateTime("expires_at")), instant(row.getOffsetDateTime("removed_at")),
                row.getString("removed_by"), row.getString("removal_reason"), row.getInteger("case_id"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")));
    }

    /** Active and not past its expiry (expired rows count as inactive before the expiry job reaches them). */
    public boolean inForce(Instant now) {
        return active && (expiresAt == null || expiresAt.isAfter(now));
    }

    /** Active / Expired / Removed, as {@code /warnings} shows it. */
    public String status(Instant now) {
        if (inForce(now)) {
            return "Active";
        }
        return "Expired".equals(removalReason) || (active && expiresAt != null) ? "Expired" : "Removed";
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
