package bot.volvox.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import bot.volvox.platform.testing.PlatformStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DATABASE_SSL=true with PGSSLROOTCERT, through Quarkus's own reactive datasource and our pool creator: the
 * pool Quarkus builds verifies the server certificate (chain and host name) against that CA and talks TLS.
 */
@QuarkusTest
@TestProfile(VerifiedTlsQuarkusTest.VerifiedTls.class)
class VerifiedTlsQuarkusTest {

    public static class VerifiedTls implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsDatabase.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static class TlsDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of(
                    "DATABASE_URL", "postgresql://postgres:postgres@localhost:" + PlatformStack.tlsPostgres().port() + "/postgres",
                    "DATABASE_SSL", "true",
                    "PGSSLROOTCERT", PlatformStack.tlsCertificates().caCertificate().toString(),
                    "KAFKA_BOOTSTRAP_SERVERS", PlatformStack.kafka().bootstrapServers());
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    Pool pool;

    @Test
    void connectsWithFullVerificationOverTls() {
        boolean ssl = pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getBoolean(0);
        assertThat(ssl).isTrue();
    }
}
