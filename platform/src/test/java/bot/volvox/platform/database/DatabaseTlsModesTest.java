package bot.volvox.platform.database;

import java.util.List;
import java.util.Map;

import bot.volvox.platform.testing.PlatformStack;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The TLS modes of DATABASE_SSL against a real PostgreSQL 17 serving a certificate from a throw-away CA, each through
 * the whole configuration path: the variables, platform-config's mapping, Quarkus's reactive datasource and our pool
 * creator. One Quarkus application per mode (a test profile each): {@link TlsNoVerifyQuarkusTest},
 * {@link VerifiedTlsQuarkusTest}, {@link TlsWithoutTheCaQuarkusTest}.
 */
final class DatabaseTlsModesTest {

    /** The TLS server, the given DATABASE_SSL and, when set, PGSSLROOTCERT; nothing else of the local stack. */
    abstract static class TlsMode implements QuarkusTestProfile {
        abstract String databaseSsl();

        boolean withCa() {
            return false;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "DATABASE_URL", "postgresql://postgres:postgres@localhost:" + PlatformStack.tlsPostgres().port()
                            + "/postgres",
                    "DATABASE_SSL", databaseSsl(),
                    "KAFKA_BOOTSTRAP_SERVERS", PlatformStack.kafka().bootstrapServers()));
            if (withCa()) {
                settings.put("PGSSLROOTCERT", PlatformStack.tlsCertificates().caCertificate().toString());
            }
            return settings;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of();
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private DatabaseTlsModesTest() {
    }
}
