package bot.volvox.local.testing;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;

/**
 * The operations contract every service keeps: liveness, readiness (with the database and Kafka checked)
 * and Prometheus metrics. A service's test extends it:
 * {@code @QuarkusTest @QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
 * class HealthTest extends ServiceHealthContract {}}.
 */
public abstract class ServiceHealthContract {

    @Test
    void isLive() {
        RestAssured.given().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithTheDatabaseAndKafkaChecked() {
        JsonPath health = RestAssured.given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .extract().jsonPath();
        List<Map<String, Object>> checks = health.getList("checks");
        assertThat(checks, is(not(empty())));
        List<String> upChecks = checks.stream()
                .filter(check -> "UP".equals(check.get("status")))
                .map(check -> String.valueOf(check.get("name")).toLowerCase(Locale.ROOT))
                .toList();
        assertThat("an UP check of the database in " + checks,
                upChecks.stream().anyMatch(name -> name.contains("postgres") || name.contains("database")
                        || name.contains("datasource")), is(true));
        assertThat("an UP check of Kafka in " + checks,
                upChecks.stream().anyMatch(name -> name.contains("kafka")), is(true));
    }

    @Test
    void servesPrometheusMetricsWithJvmMetrics() {
        // Prometheus's own scrape asks for the text exposition format; without that Accept header Quarkus may
        // answer in OpenMetrics, which is just as valid
        String body = RestAssured.given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200).contentType(containsString("text/plain"))
                .extract().asString();
        assertThat(body, containsString("jvm_"));
        assertThat(body.lines().filter(line -> line.startsWith("# TYPE ")).toList(), hasItem(containsString("jvm_")));
    }
}
