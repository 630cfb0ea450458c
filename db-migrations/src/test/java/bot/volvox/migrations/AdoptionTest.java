package bot.volvox.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bot.volvox.migrations.TestDatabases.TestDatabase;

/**
 * A database the original Node.js bot created and migrated (its SQL restated, with
 * PostgreSQL-generated constraint names and its own column order) is adopted: every changeset is recorded,
 * nothing fails, no row changes, and the catalog is the original bot's.
 */
class AdoptionTest {

    @Test
    void adoptsADatabaseTheOriginalMigratedTo019WithoutTouchingItsData() throws Exception {
        TestDatabase database = TestDatabases.create("adopt019");
        runScripts(database, "001_initial-schema.sql", "018-019_live-migrations.sql", "pgmigrations.sql", "sample-data.sql");
        database.execute("INSERT INTO logs (level, message, metadata) VALUES ('info', 'bot started', '{\"shard\": 0}')");
        Map<String, List<String>> columnsBefore = columns(database);
        Map<String, String> dataBefore = dataFingerprint(database, columnsBefore);
        List<String> pgmigrationsBefore = database.column("SELECT id || ' ' || name || ' ' || run_on FROM pgmigrations ORDER BY id");

        CliRun run = CliRun.of(database.dataSource(), "migrate");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("001_initial-schema  (already present in the database: recorded, not run)");
        assertThat(recordedExecTypes(database))
                .startsWith(FreshDatabaseTest.CHANGESET_IDS.stream().map(id -> id + " MARK_RAN").toArray(String[]::new));
        assertThat(dataFingerprint(database, columnsBefore)).isEqualTo(dataBefore);
        assertThat(database.column("SELECT id || ' ' || name || ' ' || run_on FROM pgmigrations ORDER BY id"))
                .isEqualTo(pgmigrationsBefore);
        FreshDatabaseTest.assertCatalogMatchesSchemaSpec(database);

        CliRun again = CliRun.of(database.dataSource(), "migrate");
        assertThat(again.out()).contains("No pending migrations");
        assertThat(dataFingerprint(database, columnsBefore)).isEqualTo(dataBefore);
    }

    @Test
    void adoptsADatabaseThatAlsoRan020ByRecreatingOnlyTheEmptyLogsTable() throws Exception {
        TestDatabase database = TestDatabases.create("adopt020");
        runScripts(database, "001_initial-schema.sql", "018-019_live-migrations.sql", "pgmigrations.sql", "sample-data.sql",
                "020_drop-logs-table.sql");
        database.execute("INSERT INTO pgmigrations (name, run_on) VALUES ('020_drop-logs-table', NOW())");
        assertThat(database.column("SELECT guild_id FROM config WHERE key = '__migration_020_logging_database' ORDER BY 1"))
                .containsExactly("111", "global");
        Map<String, List<String>> columnsBefore = columns(database);
        Map<String, String> dataBefore = dataFingerprint(database, columnsBefore);
        assertThat(dataBefore).doesNotContainKey("logs");

        CliRun run = CliRun.of(database.dataSource(), "migrate");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> recorded = recordedExecTypes(database);
        assertThat(recorded.get(0)).isEqualTo("001_initial-schema EXECUTED");
        assertThat(recorded.subList(1, FreshDatabaseTest.CHANGESET_IDS.size()))
                .containsExactlyElementsOf(FreshDatabaseTest.CHANGESET_IDS.subList(1, 16).stream().map(id -> id + " MARK_RAN").toList());
        assertThat(database.column("SELECT count(*) FROM logs")).containsExactly("0");
        assertThat(dataFingerprint(database, columnsBefore)).isEqualTo(dataBefore);
        FreshDatabaseTest.assertCatalogMatchesSchemaSpec(database);
    }

    private static List<String> recordedExecTypes(TestDatabase database) throws Exception {
        return database.column("SELECT id || ' ' || exectype FROM databasechangelog ORDER BY orderexecuted");
    }

    /**
     * Per table of the product's schema: row count and a hash of every row over the columns it has now.
     * Comparing against a later state with {@link #dataFingerprint(TestDatabase, Map)} and the same
     * columns shows whether any existing value changed, whatever columns later changesets add.
     */
    static Map<String, String> dataFingerprint(TestDatabase database) throws Exception {
        return dataFingerprint(database, columns(database));
    }

    static Map<String, String> dataFingerprint(TestDatabase database, Map<String, List<String>> columns) throws Exception {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            String row = "ROW(" + String.join(", ", table.getValue().stream().map(column -> "t.\"" + column + "\"").toList()) + ")::text";
            fingerprint.put(table.getKey(), database.column("SELECT count(*) || ':' || md5(COALESCE(string_agg(" + row
                    + ", '|' ORDER BY " + row + "), '')) FROM \"" + table.getKey() + "\" t").get(0));
        }
        return fingerprint;
    }

    static Map<String, List<String>> columns(TestDatabase database) throws Exception {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String table : Catalog.tables(database)) {
            columns.put(table, database.column("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = '" + table + "' ORDER BY ordinal_position"));
        }
        return columns;
    }

    static void runScripts(TestDatabase database, String... scripts) throws Exception {
        for (String script : scripts) {
            database.execute(resource("/original-bot/" + script));
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = AdoptionTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
