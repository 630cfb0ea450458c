package bot.volvox.scheduler;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.scheduler.claims.ClaimEngine;
import bot.volvox.scheduler.claims.SchedulerLoop;
import io.quarkus.arc.Arc;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/** The application's beans, and further replicas of the claim loop on pools of their own. */
final class SchedulerTestSupport {

    private SchedulerTestSupport() {
    }

    static SchedulerLoop loop() {
        return Arc.container().instance(SchedulerLoop.class).get();
    }

    static ActionPublisher publisher() {
        return Arc.container().instance(ActionPublisher.class).get();
    }

    /** A pool of its own, as another process would have. */
    @SuppressWarnings("deprecation")
    static Pool newPool(int size) {
        Config config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return PgPool.pool(Arc.container().instance(Vertx.class).get(), options, new PoolOptions().setMaxSize(size));
    }

    /** Another replica's claim loop over the same tables, started. */
    static ClaimEngine startReplica(Pool pool, String name) {
        ClaimEngine engine = loop().newEngine(pool, name);
        engine.start();
        return engine;
    }
}
