package bot.volvox.analytics.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import bot.volvox.platform.api.ApiErrors;

/**
 * The window of a statistics request (spec §4.7): {@code range} today (since 00:00 UTC) | week (7 days) | month (30
 * days) | custom ({@code from} ≤ {@code to}, at most 90 days; ISO-8601 instants or dates); {@code interval} hour | day
 * (default: hour up to 48 h, else day); {@code compare} (1/true/yes/on or 0/false/no/off) adds the window of the same
 * length just before. Every bad parameter is a 400 naming it.
 */
public record StatsRange(String range, Instant from, Instant to, String interval, boolean compare, String channelId) {
    static final Duration MAX_CUSTOM = Duration.ofDays(90);

    public static StatsRange parse(String range, String from, String to, String interval, String compare,
            String channelId, Instant now) {
        String name = range == null || range.isBlank() ? "week" : range.toLowerCase(Locale.ROOT);
        Instant start;
        Instant end = now;
        switch (name) {
            case "today" -> start = now.truncatedTo(ChronoUnit.DAYS);
            case "week" -> start = now.minus(7, ChronoUnit.DAYS);
            case "month" -> start = now.minus(30, ChronoUnit.DAYS);
            case "custom" -> {
                start = instant("from", from);
                end = instant("to", to);
                if (start.isAfter(end)) {
                    throw ApiErrors.badField("from", "from must not be after to");
                }
                if (Duration.between(start, end).compareTo(MAX_CUSTOM) > 0) {
                    throw ApiErrors.badField("to", "to must be at most 90 days after from");
                }
            }
            default -> throw ApiErrors.badField("range", "range must be one of today, week, month, custom");
        }
        String step;
        if (interval == null || interval.isBlank()) {
            step = Duration.between(start, end).compareTo(Duration.ofHours(48)) <= 0 ? "hour" : "day";
        } else if (interval.equals("hour") || interval.equals("day")) {
            step = interval;
        } else {
            throw ApiErrors.badField("interval", "interval must be hour or day");
        }
        ApiErrors.optionalId("channelId", channelId);
        return new StatsRange(name, start, end, step, Boolean.TRUE.equals(ApiErrors.flag("compare", compare)),
                channelId);
    }

    /** The window of the same length just before this one. */
    public StatsRange previous() {
        Duration span = Duration.between(from, to);
        return new StatsRange(range, from.minus(span), from, interval, false, channelId);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiErrors.badField(field, field + " is required when range is custom");
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiErrors.badField(field, field + " must be an ISO-8601 date or instant, e.g. 2026-01-31 or "
                    + "2026-01-31T12:00:00Z");
        }
    }
}
