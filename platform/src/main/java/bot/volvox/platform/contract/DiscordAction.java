package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A request on {@code discord.action} for the gateway to call Discord.
 *
 * @param actionId the idempotency key: the gateway executes each actionId at most once, and answers a repeat with the
 *                 earlier {@link ActionResult}. A service derives it deterministically (e.g. a name-based UUID of its
 *                 source event id and purpose) so that re-processing an event requests the same action again
 * @param kind always equal to {@code params.kind()}
 * @param reason the audit-log reason Discord records (moderation actions); null for none
 */
public record DiscordAction(UUID actionId, ActionKind kind, int schemaVersion, Instant requestedAt, String guildId,
        String reason, Origin origin, ActionParams params) {

    public static final int SCHEMA_VERSION = 1;

    public DiscordAction {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(params, "params");
        if (kind == null) {
            kind = params.kind();
        } else if (kind != params.kind()) {
            throw new IllegalArgumentException("action kind " + kind + " does not match params " + params.kind());
        }
    }

    public static DiscordAction of(UUID actionId, String guildId, String reason, Origin origin, ActionParams params) {
        return new DiscordAction(actionId, params.kind(), SCHEMA_VERSION, Instant.now(), guildId, reason, origin,
                params);
    }

    /**
     * The record key: the guild; outside any guild {@code dm:<userId>} of the user it concerns; an action with neither
     * is keyed by its own id, so such actions spread over the partitions instead of sharing one key.
     */
    public String key() {
        if (guildId != null) {
            return RecordKeys.forGuild(guildId);
        }
        String userId = params.userIdOrNull();
        return userId != null ? RecordKeys.forDirectMessage(userId) : actionId.toString();
    }
}
