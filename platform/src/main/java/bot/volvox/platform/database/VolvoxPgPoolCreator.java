package bot.volvox.platform.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import bot.volvox.platform.config.VolvoxSettings;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.spi.PgDriver;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the reactive pool Quarkus hands to every service (and to Hibernate Reactive): adds the
 * {@code PG_CONNECTION_TIMEOUT_MS} connect/acquire timeout, which Quarkus has no property for, and the
 * slow-query log with its statement counter.
 */
@Singleton
public class VolvoxPgPoolCreator implements PgPoolCreator {

    @ConfigProperty(name = VolvoxSettings.CONNECTION_TIMEOUT_PROPERTY, defaultValue = "10000")
    long connectionTimeoutMs;

    @ConfigProperty(name = VolvoxSettings.SLOW_QUERY_PROPERTY, defaultValue = "100")
    long slowQueryMs;

    @Inject
    MeterRegistry registry;

    @Override
    public Pool create(Input input) {
        PoolOptions poolOptions = input.poolOptions();
        if (connectionTimeoutMs > 0) {
            poolOptions.setConnectionTimeout((int) connectionTimeoutMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
            input.pgConnectOptionsList().forEach(options -> options.setConnectTimeout((int) connectionTimeoutMs));
        }
        input.pgConnectOptionsList().forEach(VolvoxPgPoolCreator::trustJvmCertificatesWhenNoneGiven);
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), poolOptions);
        return new SlowQueryLog(slowQueryMs, Counter.builder(SlowQueryLog.STATEMENTS_METRIC)
                .description("SQL statements sent to PostgreSQL").register(registry)).wrap(pool);
    }

    /**
     * Verified TLS without PGSSLROOTCERT means "trust the usual public CAs" (the original's Node default).
     * The Vert.x client refuses verify-full without explicit trust options, so hand it the JVM's own
     * trust store (javax.net.ssl.trustStore or the JDK's cacerts).
     */
    public static PgConnectOptions trustJvmCertificatesWhenNoneGiven(PgConnectOptions options) {
        boolean verifies = options.getSslMode() == SslMode.VERIFY_FULL || options.getSslMode() == SslMode.VERIFY_CA;
        if (verifies && !options.isTrustAll() && options.getTrustOptions() == null) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                options.setTrustOptions(TrustOptions.wrap(factory));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JVM's default trust store cannot be loaded for verified TLS to PostgreSQL", e);
            }
        }
        return options;
    }
}
