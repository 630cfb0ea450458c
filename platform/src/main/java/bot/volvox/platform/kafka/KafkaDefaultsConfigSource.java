package bot.volvox.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

import io.smallrye.config.PropertiesConfigSource;

/**
 * Kafka channel defaults every service shares (file {@code volvox-kafka-defaults.properties} next to this class):
 * String keys, {@link VolvoxJsonSerializer} values, dead-letter queue on failure, poison records routed to the DLQ
 * instead of stopping the consumer, manual commits. Ordinal 150: above built-in defaults, below a service's own
 * {@code application.properties} (250) and the environment (300), so a service can still override any of them.
 */
public class KafkaDefaultsConfigSource extends PropertiesConfigSource {
    static final String FILE = "volvox-kafka-defaults.properties";

    public KafkaDefaultsConfigSource() {
        super(load(), "VolvoxKafkaDefaults", 150);
    }

    private static java.util.Map<String, String> load() {
        URL url = KafkaDefaultsConfigSource.class.getResource(FILE);
        if (url == null) {
            throw new IllegalStateException("missing resource " + FILE + " in platform");
        }
        try (var in = url.openStream()) {
            var properties = new java.util.Properties();
            properties.load(in);
            var map = new java.util.HashMap<String, String>();
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
