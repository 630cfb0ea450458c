package bot.volvox.moderation.cases;

import java.time.Instant;

/**
 * A case to record once its Discord action succeeded.
 *
 * @param action warn|kick|timeout|untimeout|ban|tempban|unban|softban|purge|lock|unlock|slowmode
 * @param targetId a user id, or a channel id for channel actions
 * @param duration the human-readable duration ("1 hour"), or the raw escalation string ("1h"); null for none
 */
public record CaseDraft(String action, String targetId, String targetTag, String moderatorId, String moderatorTag,
        String reason, String duration, Instant expiresAt) {
}
