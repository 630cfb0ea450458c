package bot.volvox.platform.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration option grammar of every command: {@code <n><s|m|h|d|w>}, positive, at most 365 days. */
public final class Durations {
    public static final Duration MAX = Duration.ofDays(365);
    private static final Pattern SHAPE = Pattern.compile("^\\s*(\\d+)\\s*([smhdw])\\s*$", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher matcher = text == null ? null : SHAPE.matcher(text);
        if (matcher == null || !matcher.matches() || matcher.group(1).length() > 9) {
            return Optional.empty();
        }
        long value = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(value);
            case "m" -> Duration.ofMinutes(value);
            case "h" -> Duration.ofHours(value);
            case "d" -> Duration.ofDays(value);
            default -> Duration.ofDays(7 * value);
        };
        return value > 0 && duration.compareTo(MAX) <= 0 ? Optional.of(duration) : Optional.empty();
    }

    /** "1 hour", "2 days", "1 week 2 days" (the original's formatDuration). */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        long[] sizes = {7 * 86400, 86400, 3600, 60, 1};
        String[] names = {"week", "day", "hour", "minute", "second"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            long count = seconds / sizes[i];
            seconds %= sizes[i];
            if (count > 0) {
                parts.add(count + " " + names[i] + (count == 1 ? "" : "s"));
            }
        }
        return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
    }
}
