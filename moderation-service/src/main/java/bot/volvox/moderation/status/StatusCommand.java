package bot.volvox.moderation.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * {@code /status}: the bot's uptime and version from the gateway's latest {@code bot_restarts} row (the gateway is
 * the bot's connection to Discord, as the original process was), this service's version, and the health of every
 * service from its Kafka consumer group ({@link ServiceHealth}).
 */
@ApplicationScoped
public class StatusCommand implements SlashCommandHandler {
    private static final Logger LOG = Logger.getLogger(StatusCommand.class);

    @Inject
    Pool pool;

    @Inject
    ServiceHealth health;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    /** Read-only. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("status");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        Uni<String> uptime = pool.query("SELECT timestamp, version FROM bot_restarts WHERE reason = 'startup' "
                + "ORDER BY timestamp DESC, id DESC LIMIT 1").execute().map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return "Uptime: unknown (the gateway has not recorded a start)";
                    }
                    var row = rows.iterator().next();
                    Instant since = row.getOffsetDateTime("timestamp") == null ? null
                            : row.getOffsetDateTime("timestamp").toInstant();
                    return "Uptime: " + (since == null ? "unknown" : duration(Duration.between(since, Instant.now()))
                            + " (since <t:" + since.getEpochSecond() + ":f>)") + "\nVersion: gateway "
                            + row.getString("version") + ", moderation-service " + version;
                });
        Uni<String> services = Uni.createFrom().item(() -> {
            try {
                List<String> lines = new ArrayList<>();
                for (ServiceHealth.Group group : health.groups()) {
                    lines.add((group.up() ? "✅ " : "❌ ") + "`" + group.service() + "` " + (group.up()
                            ? group.replicas() + " replica" + (group.replicas() == 1 ? "" : "s") + ", "
                                    + (group.lag() < 0 ? "lag unknown" : group.lag() + " record"
                                            + (group.lag() == 1 ? "" : "s") + " behind")
                            : "down (no replica is consuming)"));
                }
                return String.join("\n", lines);
            } catch (Exception e) {
                LOG.warnf("/status: Kafka did not describe the services' consumer groups: %s%s", e.getMessage(),
                        e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
                return "⚠️ The services' health could not be read from Kafka right now.";
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Uni.combine().all().unis(uptime, services).asTuple()
                .map(both -> Reply.text("**Volvox.Bot status**\n" + both.getItem1() + "\n\n**Services**\n"
                        + both.getItem2()));
    }

    static String duration(Duration duration) {
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes + "m " + duration.toSecondsPart() + "s";
    }
}
