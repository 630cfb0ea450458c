package bot.volvox.scheduler.time;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time phrases of {@code /remind me} and {@code /announce once}, read in the guild's zone
 * ({@code general.timezone}, the zone of {@code now}). Whether the result lies in the future is the caller's check.
 */
public final class WhenParser {

    /** The moment, and what followed the time phrase (prepended to the reminder's message). */
    public record When(ZonedDateTime at, String rest) {
    }

    private static final String TIME = "(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?";
    private static final Pattern SHORTHAND = Pattern.compile("^(\\d{1,9})\\s*([smhdw])\\b\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern IN_UNITS = Pattern.compile(
            "^in\\s+(\\d{1,9})\\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\\b\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TOMORROW = Pattern.compile("^tomorrow(?:\\s+at\\s+" + TIME + ")?\\b\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern NEXT_DAY = Pattern.compile("^next\\s+([a-z]{3,9})(?:\\s+at\\s+" + TIME + ")?\\b\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern ANNOUNCE_IN = Pattern.compile("^in\\s+(?:(\\d{1,6})h)?\\s*(?:(\\d{1,6})m)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANNOUNCE_IN_WORDS = Pattern.compile("^in\\s+(\\d{1,6})\\s+(hours?|minutes?)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANNOUNCE_TOMORROW = Pattern.compile("^tomorrow\\s+(\\d{1,2})(?::(\\d{2}))?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANNOUNCE_DATE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})\\s+(\\d{1,2}):(\\d{2})$");

    private WhenParser() {
    }

    /** Where the times a member types are read, and how to change it (for answers that echo a typed time). */
    public static String zoneNote(java.time.ZoneId zone) {
        return "times are read in " + zone.getId() + ", the server's `general.timezone`";
    }

    /** {@code /remind me}'s grammar. */
    public static Optional<When> reminder(String text, ZonedDateTime now) {
        String input = text == null ? "" : text.trim();
        Matcher m = SHORTHAND.matcher(input);
        if (m.matches()) {
            return Optional.of(new When(now.plus(unit(m.group(2), Long.parseLong(m.group(1)))), m.group(3).trim()));
        }
        m = IN_UNITS.matcher(input);
        if (m.matches()) {
            return Optional.of(new When(now.plus(unit(m.group(2), Long.parseLong(m.group(1)))), m.group(3).trim()));
        }
        Matcher tomorrow = TOMORROW.matcher(input);
        if (tomorrow.matches()) {
            return time(tomorrow.group(1), tomorrow.group(2), tomorrow.group(3))
                    .map(time -> new When(now.toLocalDate().plusDays(1).atTime(time).atZone(now.getZone()),
                            tomorrow.group(4).trim()));
        }
        Matcher next = NEXT_DAY.matcher(input);
        if (next.matches()) {
            Optional<DayOfWeek> day = weekday(next.group(1));
            Optional<LocalTime> time = time(next.group(2), next.group(3), next.group(4));
            if (day.isPresent() && time.isPresent()) {
                LocalDate date = now.toLocalDate().with(TemporalAdjusters.next(day.get()));
                return Optional.of(new When(date.atTime(time.get()).atZone(now.getZone()), next.group(5).trim()));
            }
        }
        return Optional.empty();
    }

    /** {@code /announce once}'s grammar: {@code in 2h30m}, {@code in 3 hours}, {@code tomorrow 09:00}, {@code YYYY-MM-DD HH:MM}. */
    public static Optional<ZonedDateTime> announcement(String text, ZonedDateTime now) {
        String input = text == null ? "" : text.trim();
        Matcher m = ANNOUNCE_IN.matcher(input);
        if (m.matches() && (m.group(1) != null || m.group(2) != null)) {
            long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            long minutes = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            return Optional.of(now.plusHours(hours).plusMinutes(minutes));
        }
        m = ANNOUNCE_IN_WORDS.matcher(input);
        if (m.matches()) {
            long value = Long.parseLong(m.group(1));
            return Optional.of(m.group(2).toLowerCase(Locale.ROOT).startsWith("h") ? now.plusHours(value)
                    : now.plusMinutes(value));
        }
        Matcher tomorrow = ANNOUNCE_TOMORROW.matcher(input);
        if (tomorrow.matches()) {
            return time(tomorrow.group(1), tomorrow.group(2), null)
                    .map(time -> now.toLocalDate().plusDays(1).atTime(time).atZone(now.getZone()));
        }
        Matcher date = ANNOUNCE_DATE.matcher(input);
        if (date.matches()) {
            try {
                LocalDate day = LocalDate.parse(date.group(1));
                return time(date.group(2), date.group(3), null)
                        .map(time -> LocalDateTime.of(day, time).atZone(now.getZone()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Duration unit(String unit, long value) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("w")) {
            return Duration.ofDays(7 * value);
        }
        if (u.startsWith("d")) {
            return Duration.ofDays(value);
        }
        if (u.startsWith("h")) {
            return Duration.ofHours(value);
        }
        if (u.startsWith("m")) {
            return Duration.ofMinutes(value);
        }
        return Duration.ofSeconds(value);
    }

    private static Optional<LocalTime> time(String hourText, String minuteText, String meridiem) {
        if (hourText == null) {
            return Optional.of(LocalTime.of(9, 0));
        }
        int hour = Integer.parseInt(hourText);
        int minute = minuteText == null ? 0 : Integer.parseInt(minuteText);
        if (meridiem != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (meridiem.equalsIgnoreCase("pm") ? 12 : 0);
        }
        return hour <= 23 && minute <= 59 ? Optional.of(LocalTime.of(hour, minute)) : Optional.empty();
    }

    private static Optional<DayOfWeek> weekday(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).startsWith(lower)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }
}
