package bot.volvox.gateway.discord;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The gateway's Discord settings, from the environment: {@code DISCORD_TOKEN} (required), {@code DISCORD_API_BASE_URL}
 * and {@code DISCORD_GATEWAY_URL} (overrides for the local sandbox), {@code DISCORD_SHARD_IDS} (e.g. {@code 0-3} or
 * {@code 0,2}; default: every shard), {@code DISCORD_SHARD_TOTAL} (default 1), and, when the shard ids are unset,
 * {@code VOLVOX_GATEWAY_REPLICAS} with the pod's {@code HOSTNAME} (see {@link ShardRange#owned}).
 * application.properties maps each variable onto its {@code discord.*} property.
 */
@ConfigMapping(prefix = "discord")
public interface DiscordSettings {

    /** Never logged, never put into an exception message. */
    Optional<String> token();

    Optional<String> apiBaseUrl();

    Optional<String> gatewayUrl();

    Optional<String> shardIds();

    /** Parsed by {@link ShardRange} so that a bad value is reported by its variable name. */
    Optional<String> shardTotal();

    /** How many gateway replicas share the shards ({@code VOLVOX_GATEWAY_REPLICAS}). */
    Optional<String> replicas();

    /** The pod's name ({@code HOSTNAME}), whose StatefulSet ordinal picks this replica's shards. */
    Optional<String> podName();
}
