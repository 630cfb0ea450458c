package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of a {@link DiscordAction}, on {@code discord.action-result}, keyed like the action.
 *
 * @param errorCode Discord's JSON error code (e.g. 50013 Missing Permissions, 10007 Unknown Member), or the HTTP
 *                  status when Discord sent none; null on success
 * @param createdIds ids Discord created: the message ids of a SEND_MESSAGE/SEND_DM/INTERACTION_* (one per chunk)
 * @param attempts how many times the gateway called Discord (1 unless transient failures were retried)
 * @param replayed true when this is a repeat of the result of an earlier delivery of the same actionId
 */
public record ActionResult(UUID actionId, ActionKind kind, int schemaVersion, String guildId, ActionStatus status,
        Integer errorCode, String errorMessage, List<String> createdIds, int attempts, Instant completedAt,
        Origin origin, boolean replayed) {

    public static final int SCHEMA_VERSION = 1;

    public static ActionResult ok(DiscordAction action, List<String> createdIds, int attempts) {
        return new ActionResult(action.actionId(), action.kind(), SCHEMA_VERSION, action.guildId(), ActionStatus.OK,
                null, null, List.copyOf(createdIds), attempts, Instant.now(), action.origin(), false);
    }

    public static ActionResult failed(DiscordAction action, ActionStatus status, Integer errorCode,
            String errorMessage, int attempts) {
        return new ActionResult(action.actionId(), action.kind(), SCHEMA_VERSION, action.guildId(), status,
                errorCode, errorMessage, List.of(), attempts, Instant.now(), action.origin(), false);
    }

    public ActionResult asReplay() {
        return new ActionResult(actionId, kind, schemaVersion, guildId, status, errorCode, errorMessage, createdIds,
                attempts, completedAt, origin, true);
    }

    public String key() {
        return guildId != null ? RecordKeys.forGuild(guildId) : "action:" + actionId;
    }
}
