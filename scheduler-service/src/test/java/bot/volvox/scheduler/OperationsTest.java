package bot.volvox.scheduler;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.local.testing.ServiceHealthContract;
import bot.volvox.platform.testing.discord.KafkaGateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Health from platform, and the scheduler's own metrics on /q/metrics. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class OperationsTest extends ServiceHealthContract {

    @Inject
    Pool pool;

    @Test
    void isReadyWithTheSchemaAndKafkaChecked() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database schema' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"));
    }

    @Test
    void firedItemsAndTheirLatenessAreCountedPerKind() {
        String guild = "ops" + UUID.randomUUID().toString().substring(0, 8);
        new Db(pool).rows("""
                INSERT INTO mod_scheduled_actions (guild_id, action, target_id, execute_at)
                VALUES ($1, 'unban', 'u', now())""", guild);
        await().atMost(Duration.ofSeconds(10)).until(() -> KafkaGateway.get().answering(false).records(guild).size() == 1);

        String metrics = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).containsPattern("volvox_scheduler_fired_total\\{kind=\"mod_action\"[^}]*} [1-9]");
        assertThat(metrics).contains("volvox_scheduler_lateness_seconds_bucket{kind=\"mod_action\"");
    }
}
