package bot.volvox.platform.commands;

/** The service that handles a command's interactions (it reads them from {@code discord.interaction}). */
public enum OwningService {
    MODERATION("moderation-service"),
    AI("ai-service"),
    ANALYTICS("analytics-service"),
    SCHEDULER("scheduler-service");

    private final String serviceName;

    OwningService(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The service's application name, which is also its Kafka consumer group. */
    public String serviceName() {
        return serviceName;
    }
}
