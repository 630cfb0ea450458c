package bot.volvox.platform.database;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

import static org.assertj.core.api.Assertions.assertThat;

/** DATABASE_SSL=no-verify: TLS without verifying the certificate (here one no trust store knows). */
@QuarkusTest
@TestProfile(TlsNoVerifyQuarkusTest.NoVerify.class)
class TlsNoVerifyQuarkusTest {

    public static class NoVerify extends DatabaseTlsModesTest.TlsMode {
        @Override
        String databaseSsl() {
            return "no-verify";
        }
    }

    @Inject
    Pool pool;

    @Test
    void connectsEncryptedWithoutVerification() {
        boolean ssl = pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getBoolean(0);
        assertThat(ssl).isTrue();
    }
}
