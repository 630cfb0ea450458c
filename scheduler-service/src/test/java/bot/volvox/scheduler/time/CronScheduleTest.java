package bot.volvox.scheduler.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "\"{0}\" after {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * 1         | 2026-12-02T14:30+01:00 | 2026-12-07T09:00+01:00
            */15 * * * *      | 2026-12-02T14:30+01:00 | 2026-12-02T14:45+01:00
            0 0 1 * *         | 2026-12-02T14:30+01:00 | 2027-01-01T00:00+01:00
            30 8 * * mon-fri  | 2026-12-04T09:00+01:00 | 2026-12-07T08:30+01:00
            0 12 1,15 * *     | 2026-12-02T14:30+01:00 | 2026-12-15T12:00+01:00
            0 9-17/4 * * *    | 2026-12-02T14:30+01:00 | 2026-12-02T17:00+01:00
            0 2 * * *         | 2027-03-27T03:00+01:00 | 2027-03-29T02:00+02:00
            0 9 13 * 5        | 2026-12-02T14:30+01:00 | 2026-12-04T09:00+01:00
            """)
    void findsTheNextMatchStrictlyAfterInTheZone(String expression, String from, String expected) {
        Instant after = ZonedDateTime.parse(from).toInstant();
        assertThat(CronSchedule.parse(expression, BERLIN).flatMap(schedule -> schedule.nextAfter(after)))
                .contains(ZonedDateTime.parse(expected).toInstant());
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "   ", "* * * *", "0 0 * * * *", "61 * * * *", "* 24 * * *", "* * 32 * *",
            "* * * 13 *", "* * * * 8", "every day", "@daily"})
    void refusesWhatIsNotAFiveFieldUnixExpression(String expression) {
        assertThat(CronSchedule.parse(expression, BERLIN)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anExactMatchIsNotItsOwnNextOccurrence() {
        Instant monday9 = ZonedDateTime.parse("2026-12-07T09:00+01:00").toInstant();
        assertThat(CronSchedule.parse("0 9 * * 1", BERLIN).flatMap(schedule -> schedule.nextAfter(monday9)))
                .contains(ZonedDateTime.parse("2026-12-14T09:00+01:00").toInstant());
    }
}
