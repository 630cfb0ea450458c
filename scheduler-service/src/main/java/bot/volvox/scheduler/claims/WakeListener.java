package bot.volvox.scheduler.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

import java.util.Optional;

/**
 * Wakes this replica's loop when any replica (or moderation-service) creates or reschedules due work: migration 017's
 * triggers {@code NOTIFY volvox_scheduler}. A lost notification costs at most {@code volvox.scheduler.max-sleep}.
 */
@ApplicationScoped
public class WakeListener {
    private static final Logger LOG = Logger.getLogger(WakeListener.class);
    static final String CHANNEL = "volvox_scheduler";

    @Inject
    Vertx vertx;

    @Inject
    SchedulerLoop loop;

    @Inject
    SchedulerSettings settings;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @ConfigProperty(name = "quarkus.datasource.reactive.postgresql.ssl-mode")
    Optional<String> sslMode;

    @ConfigProperty(name = "quarkus.datasource.reactive.trust-all", defaultValue = "false")
    boolean trustAll;

    private PgSubscriber subscriber;

    void onStart(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        sslMode.ifPresent(mode -> options.setSslMode(SslMode.of(mode)));
        if (trustAll) {
            options.setTrustAll(true).setHostnameVerificationAlgorithm("");
        }
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> loop.wake());
        subscriber.connect().subscribe().with(
                ignored -> LOG.debugf("Listening on %s", CHANNEL),
                failure -> LOG.warnf("Cannot LISTEN %s (the loop still wakes every %s): %s", CHANNEL,
                        settings.maxSleep(), failure.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }
}
