package bot.volvox.moderation.aliases;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code guild_command_aliases}: another name for a command in one guild. moderation-service is its only writer; the
 * gateway reads it to run an alias as its command.
 */
@ApplicationScoped
public class GuildAliases {

    @Inject
    Pool pool;

    /** This guild's aliases, alias → command, by name. */
    public Uni<Map<String, String>> of(String guildId) {
        return pool.preparedQuery(
                "SELECT alias, target_command FROM guild_command_aliases WHERE guild_id = $1 ORDER BY alias")
                .execute(Tuple.of(guildId))
                .map(rows -> {
                    Map<String, String> aliases = new LinkedHashMap<>();
                    for (Row row : rows) {
                        aliases.put(row.getString("alias"), row.getString("target_command"));
                    }
                    return aliases;
                });
    }

    /** Sets {@code alias} to run {@code command} (a repeat, or a new target, overwrites). */
    public Uni<Void> put(String guildId, String alias, String command, String createdBy) {
        return pool.preparedQuery("""
                INSERT INTO guild_command_aliases (guild_id, alias, target_command, created_by) VALUES ($1, $2, $3, $4)
                ON CONFLICT (guild_id, alias) DO UPDATE SET target_command = EXCLUDED.target_command""")
                .execute(Tuple.of(guildId, alias, command, createdBy)).replaceWithVoid();
    }

    /** Removes {@code alias}; the command it ran, or empty when there was none. */
    public Uni<Optional<String>> remove(String guildId, String alias) {
        return pool.preparedQuery(
                "DELETE FROM guild_command_aliases WHERE guild_id = $1 AND alias = $2 RETURNING target_command")
                .execute(Tuple.of(guildId, alias))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getString("target_command"))
                        : Optional.empty());
    }
}
