package bot.volvox.platform.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static bot.volvox.platform.testing.Readiness.awaitReady;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import bot.volvox.platform.testing.PlatformStack;
import bot.volvox.platform.testing.PlatformStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PlatformStackResource.class)
class PlatformReadinessTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "volvox.schema.required-migration")
    String requiredMigration;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @Test
    void theTestResourcesDatabaseUrlReachesTheDatasource() {
        assertThat(reactiveUrl).startsWith("postgresql://127.0.0.1:").endsWith("/" + PlatformStackResource.DATABASE);
        String database = pool.query("SELECT current_database()").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertThat(database).isEqualTo(PlatformStackResource.DATABASE);
    }

    @Test
    void readyWhenPostgresKafkaAndSchemaAreThere() {
        awaitReady();
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database schema' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'redis' }.data.redis", equalTo("up"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }

    @Test
    void notReadyWithAReasonWhileTheSchemaIsBehind() {
        awaitReady();
        PlatformStack.markApplied(PlatformStackResource.DATABASE, requiredMigration, false);
        try {
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'database schema' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'database schema' }.data.reason", equalTo(
                            "database schema is behind: changeset '" + requiredMigration + "' has not been applied; run db-migrations"));
        } finally {
            PlatformStack.markApplied(PlatformStackResource.DATABASE, requiredMigration, true);
        }
        awaitReady();
    }

    @Test
    void aliveAndServingMetrics() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }
}
