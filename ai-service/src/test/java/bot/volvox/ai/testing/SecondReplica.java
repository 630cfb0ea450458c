package bot.volvox.ai.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import bot.volvox.local.Checkout;
import bot.volvox.local.ChildProcess;
import bot.volvox.local.Ports;
import bot.volvox.local.ServiceProcesses;
import bot.volvox.platform.contract.Topics;

import static org.awaitility.Awaitility.await;

/**
 * A second ai-service replica beside the one the Quarkus test runs: the packaged service
 * ({@code ai-service/target/quarkus-app}) as a child JVM, on the same database, Kafka (same consumer group), Redis and
 * local model, with its own model key so that a test can tell which replica called the model.
 */
public final class SecondReplica implements AutoCloseable {
    public static final String API_KEY = "sk-second-replica";
    private static final String GROUP = "ai-service";

    private final ChildProcess process;
    private final String bootstrap;

    private SecondReplica(ChildProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /** Starts it with the running test's settings and waits until it is ready. */
    public static SecondReplica start(String botUserId) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("DATABASE_URL", "DATABASE_SSL", "KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL",
                "ANTHROPIC_BASE_URL", "AI_DEFAULT_MODEL", "AI_TIMEOUT_MS")) {
            config.getOptionalValue(name, String.class).ifPresent(value -> environment.put(name, value));
        }
        environment.put("ANTHROPIC_API_KEY", API_KEY);
        environment.put("DISCORD_CLIENT_ID", botUserId);
        int port = Ports.orFree(0);
        Path target = Path.of(System.getProperty("user.dir"), "target",
                "second-replica-" + UUID.randomUUID().toString().substring(0, 8));
        ChildProcess process = ServiceProcesses.launch(Checkout.root(), ServiceProcesses.named("ai-service"), port,
                environment, target.resolve("logs"), target.resolve("run"));
        try {
            ServiceProcesses.awaitReady("second ai-service replica", process, "http://127.0.0.1:" + port,
                    Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new SecondReplica(process, environment.get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    /** Waits until the group's {@code discord.message} partitions are spread over {@code members} members. */
    public void awaitMessagePartitionsSpreadOver(int members) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            await("discord.message spread over " + members + " members of " + GROUP).atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get()
                                .get(GROUP);
                        Collection<MemberDescription> holding = group.members().stream()
                                .filter(member -> member.assignment().topicPartitions().stream()
                                        .anyMatch(partition -> partition.topic().equals(Topics.MESSAGE)))
                                .toList();
                        return holding.size() == members;
                    });
        }
    }

    public String logTail() {
        return process.logTail();
    }

    /** Stops it gently (SIGTERM): it leaves the group, a rebalance gives its partitions back. */
    @Override
    public void close() {
        process.close();
    }
}
