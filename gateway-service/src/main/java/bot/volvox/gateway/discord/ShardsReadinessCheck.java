package bot.volvox.gateway.discord;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import net.dv8tion.jda.api.JDA;

/** Ready when every shard this replica owns has a CONNECTED session. */
@Readiness
@ApplicationScoped
public class ShardsReadinessCheck implements HealthCheck {
    @Inject
    DiscordConnection connection;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("discord-shards").status(connection.allOwnedShardsConnected());
        try {
            for (JDA shard : connection.shards().getShards()) {
                response.withData("shard-" + shard.getShardInfo().getShardId(), shard.getStatus().name());
            }
        } catch (IllegalStateException notStarted) {
            response.withData("shards", "not started");
        }
        return response.build();
    }
}
