package bot.volvox.scheduler.time;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A 5-field UNIX cron expression (minute hour day-of-month month day-of-week), parsed by cron-utils. Unlike the
 * original's hand-written parser it accepts every UNIX form (lists of ranges, steps of ranges, names) and uses
 * cron's usual OR when both day fields are restricted.
 */
public final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime executionTime;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime executionTime, ZoneId zone) {
        this.executionTime = executionTime;
        this.zone = zone;
    }

    /** The schedule, or empty when {@code expression} is not a valid 5-field cron expression. */
    public static Optional<CronSchedule> parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank() || expression.trim().split("\\s+").length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CronSchedule(ExecutionTime.forCron(PARSER.parse(expression.trim()).validate()), zone));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The first match strictly after {@code from}, or empty when the expression never matches again. */
    public Optional<Instant> nextAfter(Instant from) {
        return executionTime.nextExecution(from.atZone(zone)).map(next -> next.toInstant());
    }
}
