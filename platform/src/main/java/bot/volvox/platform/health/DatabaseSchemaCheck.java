package bot.volvox.platform.health;

import bot.volvox.platform.database.PostgresVersionGuard;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until PostgreSQL is 17+ and the schema contains the Liquibase changeset this build needs
 * ({@code volvox.schema.required-migration}): services never migrate, db-migrations does.
 */
@Readiness
@ApplicationScoped
public class DatabaseSchemaCheck implements AsyncHealthCheck {

    static final String NAME = "database schema";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final PostgresVersionGuard versionGuard;
    private final String requiredMigration;

    DatabaseSchemaCheck(Pool pool, PostgresVersionGuard versionGuard,
            @ConfigProperty(name = "volvox.schema.required-migration") String requiredMigration) {
        this.pool = pool;
        this.versionGuard = versionGuard;
        this.requiredMigration = requiredMigration;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("required-migration", requiredMigration);
        Optional<String> versionProblem = versionGuard.problem();
        if (versionProblem.isPresent()) {
            return Uni.createFrom().item(response.down().withData("reason", versionProblem.get()).build());
        }
        return Uni.createFrom().completionStage(() -> pool
                .preparedQuery("SELECT 1 FROM databasechangelog WHERE id = $1")
                .execute(Tuple.of(requiredMigration))
                .toCompletionStage())
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> rows.size() > 0 ? response.up().build()
                        : response.down().withData("reason", "database schema is behind: changeset '" + requiredMigration
                                + "' has not been applied; run db-migrations").build())
                .onFailure().recoverWithItem(failure -> response.down().withData("reason", reason(failure)).build());
    }

    private String reason(Throwable failure) {
        if (failure instanceof PgException pg && "42P01".equals(pg.getSqlState())) {
            return "database schema is missing (no databasechangelog table); run db-migrations";
        }
        return "cannot read the schema version: " + failure.getClass().getSimpleName()
                + (failure instanceof PgException pg ? " SQLSTATE " + pg.getSqlState() : "");
    }
}
