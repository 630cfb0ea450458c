package bot.volvox.scheduler.reminders;

import java.time.Instant;
import java.util.Optional;

/**
 * A reminder's occurrence as named in an action's {@code origin.sourceEventId}: {@code reminders:<id>:<dueMillis>},
 * so the action result tells which reminder and which occurrence it was about.
 */
record Occurrence(long reminderId, Instant due) {
    static final String PREFIX = "reminders:";

    static String sourceEventId(long id, Instant due) {
        return PREFIX + id + ":" + due.toEpochMilli();
    }

    static Optional<Occurrence> parse(String sourceEventId) {
        if (sourceEventId == null || !sourceEventId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = sourceEventId.substring(PREFIX.length()).split(":");
        try {
            return parts.length == 2
                    ? Optional.of(new Occurrence(Long.parseLong(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1]))))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
