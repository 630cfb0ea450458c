package bot.volvox.gateway.interactions;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The command a guild's alias stands for, read from {@code guild_command_aliases} (written by moderation-service's
 * {@code /alias}). Read only when a command name is not in the registry, which only a guild command (an alias) can
 * be, so registered commands never wait on the database.
 */
@ApplicationScoped
public class GuildCommandAliases {
    /** Leaves the deferral well inside Discord's 3 s after the per-user limit's own wait (at most 750 ms). */
    static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(1500);

    @Inject
    Pool pool;

    public Uni<Optional<String>> target(String guildId, String alias) {
        return pool.preparedQuery("SELECT target_command FROM guild_command_aliases WHERE guild_id = $1 AND alias = $2")
                .execute(Tuple.of(guildId, alias))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getString("target_command"))
                        : Optional.<String> empty())
                .ifNoItem().after(LOOKUP_TIMEOUT).fail();
    }
}
