package bot.volvox.scheduler.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhenParserTest {
    /** A Wednesday, 14:30:00 in Berlin, so weekday and zone rules are visible. */
    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 2, 14, 30, 0, 0, ZoneId.of("Europe/Berlin"));

    @ParameterizedTest(name = "reminder \"{0}\" → {1}, rest \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            10m                          | 2026-12-02T14:40+01:00[Europe/Berlin] | ''
            90s take the cake out        | 2026-12-02T14:31:30+01:00[Europe/Berlin] | take the cake out
            2h                           | 2026-12-02T16:30+01:00[Europe/Berlin] | ''
            3d                           | 2026-12-05T14:30+01:00[Europe/Berlin] | ''
            1w                           | 2026-12-09T14:30+01:00[Europe/Berlin] | ''
            1W call mum                  | 2026-12-09T14:30+01:00[Europe/Berlin] | call mum
            in 2 hours                   | 2026-12-02T16:30+01:00[Europe/Berlin] | ''
            in 5 minutes to stretch      | 2026-12-02T14:35+01:00[Europe/Berlin] | to stretch
            in 1 week                    | 2026-12-09T14:30+01:00[Europe/Berlin] | ''
            in 45 secs                   | 2026-12-02T14:30:45+01:00[Europe/Berlin] | ''
            tomorrow                     | 2026-12-03T09:00+01:00[Europe/Berlin] | ''
            tomorrow at 3pm              | 2026-12-03T15:00+01:00[Europe/Berlin] | ''
            tomorrow at 12am             | 2026-12-03T00:00+01:00[Europe/Berlin] | ''
            tomorrow at 12pm lunch       | 2026-12-03T12:00+01:00[Europe/Berlin] | lunch
            tomorrow at 18:45 standup    | 2026-12-03T18:45+01:00[Europe/Berlin] | standup
            next monday at 9:30          | 2026-12-07T09:30+01:00[Europe/Berlin] | ''
            next wed                     | 2026-12-09T09:00+01:00[Europe/Berlin] | ''
            next friday at 5pm deploy    | 2026-12-04T17:00+01:00[Europe/Berlin] | deploy
            """)
    void readsReminderPhrases(String text, String expected, String rest) {
        Optional<WhenParser.When> when = WhenParser.reminder(text, NOW);
        assertThat(when).as(text).isPresent();
        assertThat(when.get().at()).isEqualTo(ZonedDateTime.parse(expected));
        assertThat(when.get().rest()).isEqualTo(rest);
    }

    @ParameterizedTest(name = "reminder \"{0}\" is not understood")
    @ValueSource(strings = {"", "   ", "soon", "later today", "tomorrow at 13pm", "tomorrow at 0am", "tomorrow at 25:00",
            "tomorrow at 10:75", "next someday", "next at 9", "in two hours", "10 lightyears", "-5m"})
    void refusesWhatItCannotRead(String text) {
        assertThat(WhenParser.reminder(text, NOW)).isEmpty();
    }

    @ParameterizedTest(name = "announcement \"{0}\" → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            in 2h30m          | 2026-12-02T17:00+01:00[Europe/Berlin]
            in 45m            | 2026-12-02T15:15+01:00[Europe/Berlin]
            in 3h             | 2026-12-02T17:30+01:00[Europe/Berlin]
            in 3 hours        | 2026-12-02T17:30+01:00[Europe/Berlin]
            in 1 minute       | 2026-12-02T14:31+01:00[Europe/Berlin]
            tomorrow 09:00    | 2026-12-03T09:00+01:00[Europe/Berlin]
            tomorrow 7        | 2026-12-03T07:00+01:00[Europe/Berlin]
            2027-03-28 02:30  | 2027-03-28T03:30+02:00[Europe/Berlin]
            2027-01-15 18:05  | 2027-01-15T18:05+01:00[Europe/Berlin]
            """)
    void readsAnnouncementTimesInTheZone(String text, String expected) {
        assertThat(WhenParser.announcement(text, NOW)).contains(ZonedDateTime.parse(expected));
    }

    @ParameterizedTest(name = "announcement \"{0}\" is not understood")
    @ValueSource(strings = {"", "in", "in h", "tomorrow", "tomorrow 24:00", "2027-02-30 10:00", "2027-01-15 18:60",
            "10m", "next monday"})
    void refusesAnnouncementTimesItCannotRead(String text) {
        assertThat(WhenParser.announcement(text, NOW)).isEmpty();
    }
}
