package bot.volvox.platform.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Reads the product's environment variables through the config context (so env vars, system properties,
 * application.properties and Quarkus test resources all work) and offers the Quarkus properties they mean.
 * Ordinal 275: above application.properties (250), below env vars (300) and system properties (400), so an
 * operator can still override one Quarkus property directly.
 */
public final class VolvoxConfigSourceFactory implements ConfigSourceFactory {

    public static final int ORDINAL = 275;
    public static final String SOURCE_NAME = "VolvoxEnvironmentVariables";

    private static final Logger LOG = Logger.getLogger(VolvoxConfigSourceFactory.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        VolvoxSettings.Result result = VolvoxSettings.toQuarkusProperties(name -> {
            ConfigValue value = context.getValue(name);
            return value == null ? null : value.getValue();
        });
        // Quarkus builds its configuration more than once per start; say each warning once
        result.warnings().stream().filter(WARNED::add).forEach(LOG::warn);
        java.util.Map<String, String> properties = result.properties();
        if (!tracingPresent()) {
            // an application without OpenTelemetry (db-migrations' CLI) would warn of every quarkus.otel key as unknown
            properties = new java.util.HashMap<>(properties);
            properties.keySet().removeIf(key -> key.startsWith("quarkus.otel."));
        }
        return List.of(new PropertiesConfigSource(properties, SOURCE_NAME, ORDINAL));
    }

    private static boolean tracingPresent() {
        try {
            Class.forName("io.opentelemetry.api.OpenTelemetry", false, VolvoxConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
