package bot.volvox.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class VolvoxConfigSourceFactoryTest {

    @Test
    void variablesFromAnySourceBecomeQuarkusPropertiesAndExplicitOverridesWin() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "DATABASE_URL", "postgresql://bot:pw@db.internal:6000/volvox",
                        "DATABASE_SSL", "no-verify",
                        "quarkus.datasource.reactive.max-size", "3"), "application.properties", 250))
                .withSources(new PropertiesConfigSource(Map.of("PG_POOL_SIZE", "9",
                        "quarkus.datasource.reactive.idle-timeout", "PT1M"), "env", 300))
                .withSources(new VolvoxConfigSourceFactory())
                .build();
        assertThat(config.getRawValue("quarkus.datasource.reactive.url")).isEqualTo("postgresql://db.internal:6000/volvox");
        assertThat(config.getRawValue("quarkus.datasource.reactive.trust-all")).isEqualTo("true");
        // our source (275) beats application.properties, loses to env vars
        assertThat(config.getRawValue("quarkus.datasource.reactive.max-size")).isEqualTo("9");
        assertThat(config.getRawValue("quarkus.datasource.reactive.idle-timeout")).isEqualTo("PT1M");
    }

    @Test
    void theDatabaseSslWarningIsLoggedOnceAndWithoutThePassword() {
        List<String> messages = new ArrayList<>();
        Logger logger = Logger.getLogger(VolvoxConfigSourceFactory.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            for (int i = 0; i < 3; i++) {
                new SmallRyeConfigBuilder()
                        .withSources(new PropertiesConfigSource(Map.of(
                                "DATABASE_URL", "postgresql://bot:Pa55word@localhost/volvox",
                                "DATABASE_SSL", "yes-please"), "env", 300))
                        .withSources(new VolvoxConfigSourceFactory())
                        .build();
            }
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(messages).singleElement().satisfies(m -> assertThat(m)
                .startsWith("WARN").contains("DATABASE_SSL", "yes-please").doesNotContain("Pa55word"));
    }
}
