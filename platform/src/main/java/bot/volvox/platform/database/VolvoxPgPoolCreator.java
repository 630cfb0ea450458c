package bot.volvox.platform.database;

import bot.volvox.platform.config.VolvoxSettings;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the reactive pool Quarkus hands to every service (and to Hibernate Reactive): adds the
 * {@code PG_CONNECTION_TIMEOUT_MS} connect/acquire timeout, which Quarkus has no property for, and the
 * slow-query log.
 */
@Singleton
public class VolvoxPgPoolCreator implements PgPoolCreator {

    @ConfigProperty(name = VolvoxSettings.CONNECTION_TIMEOUT_PROPERTY, defaultValue = "10000")
    long connectionTimeoutMs;

    @ConfigProperty(name = VolvoxSettings.SLOW_QUERY_PROPERTY, defaultValue = "100")
    long slowQueryMs;

    @Override
    public Pool create(Input input) {
        PoolOptions poolOptions = input.poolOptions();
        if (connectionTimeoutMs > 0) {
            poolOptions.setConnectionTimeout((int) connectionTimeoutMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
            input.pgConnectOptionsList().forEach(options -> options.setConnectTimeout((int) connectionTimeoutMs));
        }
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), poolOptions);
        return new SlowQueryLog(slowQueryMs).wrap(pool);
    }
}
