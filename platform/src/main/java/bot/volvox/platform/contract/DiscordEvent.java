package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope of every record on the {@code discord.*} event topics and {@code volvox.config}.
 *
 * @param id the Discord snowflake of the event (message id, interaction id, …) or a random UUID where Discord has none
 *           (voice, member and reaction changes); consumers de-duplicate on it
 * @param type the payload's type name (e.g. {@code message.created}); always equal to {@code payload.type()}
 * @param schemaVersion {@link #SCHEMA_VERSION} at the time of writing; consumers ignore unknown fields
 * @param occurredAt when Discord reported the event
 * @param guildId the guild, or null for direct messages
 */
public record DiscordEvent(String id, String type, int schemaVersion, Instant occurredAt, String guildId,
        EventPayload payload) {

    public static final int SCHEMA_VERSION = 1;

    public DiscordEvent {
        Objects.requireNonNull(payload, "payload");
        if (type == null) {
            type = payload.type();
        } else if (!type.equals(payload.type())) {
            throw new IllegalArgumentException("envelope type " + type + " does not match payload " + payload.type());
        }
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
    }

    public static DiscordEvent of(String id, Instant occurredAt, String guildId, EventPayload payload) {
        return new DiscordEvent(id, payload.type(), SCHEMA_VERSION, occurredAt, guildId, payload);
    }

    /** The topic this event belongs on. */
    public String topic() {
        return payload.topic();
    }

    /** The record key: the guild, or {@code dm:<userId>} for a direct message. */
    public String key() {
        return RecordKeys.of(guildId, payload.actorId());
    }
}
