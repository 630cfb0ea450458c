package bot.volvox.platform.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

public final class Readiness {

    private Readiness() {
    }

    /** Readiness is eventually consistent after a start (the first Kafka probe connects, the version check runs). */
    public static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }
}
