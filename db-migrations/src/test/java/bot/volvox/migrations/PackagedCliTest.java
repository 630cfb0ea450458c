package bot.volvox.migrations;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bot.volvox.migrations.TestDatabases.TestDatabase;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real entry point: Quarkus, picocli's top command, the datasource that platform-config builds from
 * DATABASE_URL (read through the config context, so a system property stands in for the variable).
 */
@QuarkusMainTest
class PackagedCliTest {

    private static final String PASSWORD = "Xq7-migrator-secret";

    @AfterEach
    void forgetDatabaseUrl() {
        System.clearProperty("DATABASE_URL");
        System.clearProperty("DATABASE_SSL");
    }

    @Test
    void migratesFromDatabaseUrlWithoutPrintingThePassword(QuarkusMainLauncher launcher) throws Exception {
        TestDatabase database = databaseOwnedByMigrator("packaged");
        useDatabaseUrl(database, PASSWORD);

        LaunchResult migrate = launcher.launch("migrate");
        assertThat(migrate.exitCode()).as(migrate.getErrorOutput()).isZero();
        assertThat(migrate.getOutput()).contains("001_initial-schema", "015_audit-logs-target-tag");
        assertThat(database.column("SELECT count(*) FROM databasechangelog WHERE id = '015_audit-logs-target-tag'"))
                .containsExactly("1");

        LaunchResult status = launcher.launch("migrate", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.getOutput()).contains("applied  015_audit-logs-target-tag").contains(" 0 pending");

        for (LaunchResult result : new LaunchResult[] {migrate, status}) {
            assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain(PASSWORD);
            // only the answer: no start-up or INFO log lines before it
            assertThat(result.getOutput().lines()).noneMatch(line -> line.contains(" INFO ") || line.contains("Quarkus"));
        }
        assertThat(status.getOutput().lines().findFirst()).hasValueSatisfying(first -> assertThat(first)
                .startsWith("applied  001_initial-schema"));
    }

    @Test
    void logLevelBringsTheLogLinesBack(QuarkusMainLauncher launcher) throws Exception {
        TestDatabase database = databaseOwnedByMigrator("loglevel");
        useDatabaseUrl(database, PASSWORD);
        System.setProperty("LOG_LEVEL", "info");
        try {
            LaunchResult status = launcher.launch("migrate", "status");
            assertThat(status.exitCode()).isZero();
            assertThat(status.getOutput() + status.getErrorOutput()).contains(" INFO ");
        } finally {
            System.clearProperty("LOG_LEVEL");
        }
    }

    @Test
    void aWrongPasswordExitsNonZeroWithOneLineThatDoesNotShowIt(QuarkusMainLauncher launcher) throws Exception {
        TestDatabase database = databaseOwnedByMigrator("wrongpw");
        useDatabaseUrl(database, "not-the-" + PASSWORD);

        LaunchResult result = launcher.launch("migrate");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput().lines().filter(line -> line.startsWith("Error: ")).toList())
                .singleElement().asString().contains("password authentication failed");
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutDatabaseUrlTheErrorNamesTheVariable(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("migrate", "status");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("Error: DATABASE_URL is not set");
    }

    private static TestDatabase databaseOwnedByMigrator(String purpose) throws Exception {
        TestDatabase database = TestDatabases.create(purpose);
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'migrator') THEN"
                + " CREATE ROLE migrator LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
        try (var connection = database.server().connect("postgres"); var statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database.name() + " OWNER TO migrator");
        }
        database.execute("ALTER SCHEMA public OWNER TO migrator");
        return database;
    }

    private static void useDatabaseUrl(TestDatabase database, String password) {
        System.setProperty("DATABASE_URL", "postgresql://migrator:" + password + "@127.0.0.1:"
                + database.server().port() + "/" + database.name());
        System.setProperty("DATABASE_SSL", "false");
    }
}
