package bot.volvox.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresVersionTest {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "170000 | 17.0 | null",
            "170011 | 17.11 | null",
            "180001 | 18.1 | null",
            "160009 | 16.9 | PostgreSQL 17 or later is required, server is 16.9 (server_version_num 160009)",
            "150014 | 15.14 (Debian 15.14-0+deb12u1) | PostgreSQL 17 or later is required, server is 15.14 (Debian 15.14-0+deb12u1) (server_version_num 150014)",
    })
    void refusesServersOlderThan17(int versionNum, String version, String expected) {
        assertThat(PostgresVersion.refusal(versionNum, version).orElse(null)).isEqualTo(expected);
    }
}
