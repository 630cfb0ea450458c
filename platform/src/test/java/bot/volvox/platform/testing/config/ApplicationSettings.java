package bot.volvox.platform.testing.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;

/**
 * A service's settings as its {@code application.properties} resolves them against a given environment, without
 * starting Quarkus: proves that a property expression such as {@code ${DISCORD_CLIENT_ID:0}} is really expanded
 * (SmallRye does not expand one written in an annotation's {@code defaultValue}).
 */
public final class ApplicationSettings {

    private ApplicationSettings() {}

    /** The module's own {@code application.properties} (found on {@code anchor}'s class path) over {@code environment}. */
    public static SmallRyeConfig of(Class<?> anchor, Map<String, String> environment) {
        URL properties = anchor.getClassLoader().getResource("application.properties");
        if (properties == null) {
            throw new IllegalStateException("no application.properties on the class path of " + anchor.getName());
        }
        try {
            return new SmallRyeConfigBuilder().addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(properties, 100))
                    .withSources(new MapBackedConfigSource("environment", environment, 300) {})
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
