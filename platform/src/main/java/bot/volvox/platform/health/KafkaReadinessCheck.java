package bot.volvox.platform.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the Kafka cluster does not answer {@code describeCluster}. Every service needs it (the
 * ones without channels too: they request Discord actions), so this does not rely on channel health checks.
 * The answer is cached briefly so a probe storm does not become an Admin request storm.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    static final String NAME = "kafka";

    private final Config config;
    private final Duration timeout;
    private final Duration cacheFor;
    private Admin admin;
    private HealthCheckResponse last;
    private long lastAt;

    KafkaReadinessCheck(Config config,
            @ConfigProperty(name = "volvox.health.kafka.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "volvox.health.kafka.cache", defaultValue = "PT3S") Duration cacheFor) {
        this.config = config;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
    }

    @Override
    public synchronized HealthCheckResponse call() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < cacheFor.toNanos()) {
            return last;
        }
        last = describeCluster();
        lastAt = System.nanoTime();
        return last;
    }

    private HealthCheckResponse describeCluster() {
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named(NAME).up().withData("brokers", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return down("Kafka unreachable (" + bootstrapServers() + "): " + cause.getClass().getSimpleName());
        }
    }

    private HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }

    private String bootstrapServers() {
        return config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092");
    }

    private Admin admin() {
        if (admin == null) {
            // the services' own kafka.* settings (security protocol, SASL, …) apply to the probe too
            Map<String, Object> properties = new HashMap<>();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith("kafka.") && AdminClientConfig.configNames().contains(name.substring(6))) {
                    config.getOptionalValue(name, String.class).ifPresent(v -> properties.put(name.substring(6), v));
                }
            }
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "volvox-readiness");
            properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(properties);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
