package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of a {@link DiscordAction}, on the requesting service's {@link #topic()}, keyed like the action.
 *
 * @param errorCode Discord's JSON error code (e.g. 50013 Missing Permissions, 10007 Unknown Member), or the HTTP
 *                  status when Discord sent none; null on success
 * @param createdIds ids Discord created: the message ids of a SEND_MESSAGE/SEND_DM/INTERACTION_* (one per chunk)
 * @param attempts how many times the gateway called Discord (1 unless transient failures were retried)
 * @param replayed true when this is a repeat of the result of an earlier delivery of the same actionId
 * @param purged what a successful PURGE did; null for every other kind
 */
public record ActionResult(UUID actionId, ActionKind kind, int schemaVersion, String guildId, ActionStatus status,
        Integer errorCode, String errorMessage, List<String> createdIds, int attempts, Instant completedAt,
        Origin origin, boolean replayed, Purged purged) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * The outcome of a {@link ActionParams.Purge}.
     *
     * @param scanned how many of the channel's newest messages were fetched (at most the limit)
     * @param deleted how many were deleted ({@code deletedIds.size()})
     * @param tooOld how many matched the filter but were older than 14 days, so were left alone
     * @param deletedIds the ids of the deleted messages, newest first
     */
    public record Purged(int scanned, int deleted, int tooOld, List<String> deletedIds) {
        public Purged {
            deletedIds = List.copyOf(deletedIds);
        }
    }

    public static ActionResult ok(DiscordAction action, List<String> createdIds, int attempts) {
        return new ActionResult(action.actionId(), action.kind(), SCHEMA_VERSION, action.guildId(), ActionStatus.OK,
                null, null, List.copyOf(createdIds), attempts, Instant.now(), action.origin(), false, null);
    }

    public static ActionResult purged(DiscordAction action, Purged purged, int attempts) {
        return new ActionResult(action.actionId(), action.kind(), SCHEMA_VERSION, action.guildId(), ActionStatus.OK,
                null, null, List.of(), attempts, Instant.now(), action.origin(), false, purged);
    }

    public static ActionResult failed(DiscordAction action, ActionStatus status, Integer errorCode,
            String errorMessage, int attempts) {
        return new ActionResult(action.actionId(), action.kind(), SCHEMA_VERSION, action.guildId(), status,
                errorCode, errorMessage, List.of(), attempts, Instant.now(), action.origin(), false, null);
    }

    public ActionResult asReplay() {
        return new ActionResult(actionId, kind, schemaVersion, guildId, status, errorCode, errorMessage, createdIds,
                attempts, completedAt, origin, true, purged);
    }

    /**
     * {@code discord.action-result.<origin.service>}: the requester's result topic.
     *
     * @throws IllegalStateException when the origin names no service that requests actions
     */
    public String topic() {
        String requester = origin == null ? null : origin.service();
        return Topics.actionResultsOf(requester).orElseThrow(() -> new IllegalStateException(
                "the result of action " + actionId + " has no requesting service to go to (origin.service "
                        + requester + ")"));
    }

    public String key() {
        return guildId != null ? RecordKeys.forGuild(guildId) : "action:" + actionId;
    }
}
