package bot.volvox.scheduler.claims;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic action ids: a name-based UUID of the item and its occurrence, so that re-emitting the same due item
 * (after a crash between emit and mark, or a lost lease) requests the same action, which the gateway executes once.
 */
public final class ActionIds {

    private ActionIds() {
    }

    /** For an occurrence of a due item, e.g. {@code forOccurrence("reminders", 7, remindAt, "dm")}. */
    public static UUID forOccurrence(String table, long id, Instant occurrence, String purpose) {
        return of("scheduler:" + table + ":" + id + ":" + occurrence.toEpochMilli() + ":" + purpose);
    }

    /** For something that happens once in an item's life, e.g. the removal of a temp role. */
    public static UUID forItem(String table, long id, String purpose) {
        return of("scheduler:" + table + ":" + id + ":" + purpose);
    }

    /** For the answer to an interaction. */
    public static UUID forInteraction(String interactionId, String purpose) {
        return of("scheduler:interaction:" + interactionId + ":" + purpose);
    }

    private static UUID of(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
