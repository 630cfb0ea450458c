package bot.volvox.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import bot.volvox.platform.guildconfig.GuildConfigs;
import io.quarkus.arc.Arc;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Blocking SQL for test setup and assertions. */
public final class Db {
    private final Pool pool;

    public Db(Pool pool) {
        this.pool = pool;
    }

    public List<Row> rows(String sql, Object... args) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    public Row row(String sql, Object... args) {
        List<Row> rows = rows(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows.size());
        }
        return rows.get(0);
    }

    /**
     * Turns a section on for a guild as moderation-service's ConfigWriter would: write the row, then drop the cached
     * configuration (what the writer's announcement on volvox.config does on every replica).
     */
    public void enable(String guildId, String section) {
        set(guildId, section, "{\"enabled\": true}");
    }

    /** Stores a guild's section as moderation-service's ConfigWriter would (the row, then the cache dropped). */
    public void set(String guildId, String section, String json) {
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, $2, $3::text::jsonb) "
                + "ON CONFLICT (guild_id, key) DO UPDATE SET value = EXCLUDED.value", guildId, section, json);
        Arc.container().instance(GuildConfigs.class).get().invalidate(guildId).await().atMost(Duration.ofSeconds(10));
    }
}
