package bot.volvox.platform.commands;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H", "2w,PT336H", " 7D ,PT168H", "365d,PT8760H"})
    void parsesTheCommandGrammar(String text, String expected) {
        assertThat(Durations.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "0d", "366d", "53w", "-1h", "1.5h", "", "h", "9999999999s"})
    void refusesWhatIsNotAPositiveDurationOfAtMostAYear(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PT1H,1 hour", "P9D,1 week 2 days", "PT90S,1 minute 30 seconds", "PT0S,0 seconds"})
    void formatsAsTheOriginalDid(String duration, String expected) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
