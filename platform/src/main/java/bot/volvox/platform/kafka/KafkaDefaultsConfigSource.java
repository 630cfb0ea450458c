package bot.volvox.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.eclipse.microprofile.config.spi.ConfigSource;

import bot.volvox.platform.actions.ServiceIdentity;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Kafka channel defaults every service shares (file {@code volvox-kafka-defaults.properties} next to this class):
 * String keys, {@link VolvoxJsonSerializer} values, dead-letter queue on failure, poison records routed to the DLQ
 * instead of stopping the consumer, manual commits. A domain service ({@code volvox.role} unset or {@code domain})
 * also gets the channels of platform's interaction layer ({@code volvox-domain-channels.properties}). Ordinal 150:
 * above built-in defaults, below a service's own {@code application.properties} (250) and the environment (300), so
 * a service can still override any of them.
 */
public class KafkaDefaultsConfigSource implements ConfigSourceFactory {
    static final String FILE = "volvox-kafka-defaults.properties";
    static final String DOMAIN_FILE = "volvox-domain-channels.properties";
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(new PropertiesConfigSource(load(FILE), "VolvoxKafkaDefaults", ORDINAL));
        ConfigValue role = context.getValue(ServiceIdentity.ROLE);
        if (role == null || role.getValue() == null || ServiceIdentity.DOMAIN.equals(role.getValue())) {
            sources.add(new PropertiesConfigSource(load(DOMAIN_FILE), "VolvoxDomainChannels", ORDINAL));
        }
        return sources;
    }

    static Map<String, String> load(String file) {
        URL url = KafkaDefaultsConfigSource.class.getResource(file);
        if (url == null) {
            throw new IllegalStateException("missing resource " + file + " in platform");
        }
        try (var in = url.openStream()) {
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> map = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
