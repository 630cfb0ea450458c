package bot.volvox.moderation.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The health of every service as Kafka sees it: each service is one consumer group (its name), so a service is up
 * when its group has members, and keeping up when its lag (records on its topics not yet handled) is small. This is
 * what decides whether a command is answered, it needs no address of any service and no table, and it covers every
 * replica at once. A service that runs but cannot work (its database unreachable) still holds its group: its lag
 * then grows, which the answer shows.
 */
@ApplicationScoped
public class ServiceHealth {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The consumer group of each service: the gateway's reads actions, the others read interactions and more. */
    static final List<String> SERVICES = List.of("gateway-service", "moderation-service", "ai-service",
            "analytics-service", "scheduler-service");

    /** One service's group: its state, replicas (0: nobody consumes) and lag (-1 when unknown). */
    public record Group(String service, String state, int replicas, long lag) {
        public boolean up() {
            return replicas > 0;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Admin admin;

    private synchronized Admin admin() {
        if (admin == null) {
            Properties properties = new Properties();
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "moderation-service-status");
            // an answer within Discord's patience; the API timeout may not be shorter than one request's
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(properties);
        }
        return admin;
    }

    /** Blocking (a few Kafka admin round trips): call off the event loop. */
    public List<Group> groups() throws Exception {
        Map<String, ConsumerGroupDescription> descriptions = admin().describeConsumerGroups(SERVICES).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<Group> groups = new ArrayList<>();
        for (String service : SERVICES) {
            ConsumerGroupDescription description = descriptions.get(service);
            GroupState state = description == null ? GroupState.DEAD : description.groupState();
            groups.add(new Group(service, state.toString(), replicas(description), lag(service)));
        }
        return groups;
    }

    /**
     * Each replica is one member per consuming channel, and a channel's consumers share a client id
     * ({@code kafka-consumer-<channel>}), so the replicas are the most members any one client id has.
     */
    static int replicas(ConsumerGroupDescription description) {
        if (description == null) {
            return 0;
        }
        return description.members().stream()
                .collect(Collectors.groupingBy(MemberDescription::clientId, Collectors.counting()))
                .values().stream().mapToInt(Long::intValue).max().orElse(0);
    }

    private long lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin().listOffsets(latest).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                    lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
