package bot.volvox.platform.commands;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The services that answer commands and request Discord actions. Its {@link #serviceName()} is the one spelling of a
 * service's identity: its {@code quarkus.application.name}, its Kafka consumer group, the {@code origin.service} of
 * the actions it requests and the namespace of their ids.
 */
public enum OwningService {
    MODERATION("moderation-service"),
    AI("ai-service"),
    ANALYTICS("analytics-service"),
    SCHEDULER("scheduler-service"),
    /**
     * The gateway answers the few commands that only it can measure ({@code /ping}: its heartbeat and REST round
     * trip); it is no domain service and has no interaction router.
     */
    GATEWAY("gateway-service");

    private final String serviceName;

    OwningService(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The service's application name, which is also its Kafka consumer group. */
    public String serviceName() {
        return serviceName;
    }

    /** The services that request Discord actions and read their results: every one but the gateway. */
    public static List<OwningService> domainServices() {
        return Arrays.stream(values()).filter(service -> service != GATEWAY).toList();
    }

    public static Optional<OwningService> named(String serviceName) {
        return Arrays.stream(values()).filter(service -> service.serviceName.equals(serviceName)).findFirst();
    }
}
