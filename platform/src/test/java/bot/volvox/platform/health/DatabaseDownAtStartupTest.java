package bot.volvox.platform.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import bot.volvox.platform.testing.PlatformStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DATABASE_URL points at a port nobody listens on: the service starts, stays alive, and is not ready. */
@QuarkusTest
@TestProfile(DatabaseDownAtStartupTest.NoDatabase.class)
class DatabaseDownAtStartupTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PlatformStackResource.class, Map.of("database", "down", "redis", "none")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void aliveButNotReadyWithTheReason() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database schema' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database schema' }.data.reason", startsWith("PostgreSQL unreachable: "))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"));
    }
}
