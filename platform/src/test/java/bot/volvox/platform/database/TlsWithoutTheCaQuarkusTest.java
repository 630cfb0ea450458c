package bot.volvox.platform.database;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import bot.volvox.local.PostgresServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * DATABASE_SSL=true without PGSSLROOTCERT: the server's certificate is checked against the system trust store, which
 * does not know the throw-away CA, so no connection is made; the service stays alive and says why it is not ready,
 * pointing at the two ways out, without the password.
 */
@QuarkusTest
@TestProfile(TlsWithoutTheCaQuarkusTest.VerifiedWithoutCa.class)
class TlsWithoutTheCaQuarkusTest {

    public static class VerifiedWithoutCa extends DatabaseTlsModesTest.TlsMode {
        @Override
        String databaseSsl() {
            return "true";
        }
    }

    @Test
    void refusesTheUnknownCertificateAndSaysHowToFixIt() {
        given().get("/q/health/live").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'database schema' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database schema' }.data.reason",
                        containsString("SSL handshake failed"))
                .body("checks.find { it.name == 'database schema' }.data.reason",
                        containsString("set PGSSLROOTCERT to the CA file"))
                .body("checks.find { it.name == 'database schema' }.data.reason",
                        not(containsString(PostgresServer.PASSWORD))));
    }
}
