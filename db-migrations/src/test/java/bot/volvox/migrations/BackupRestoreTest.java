package bot.volvox.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import bot.volvox.migrations.TestDatabases.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backup and restore that README "Backups" and docs/operations.md prescribe, performed for real on the local
 * stack's PostgreSQL 17 with a PostgreSQL 17 client (deploy/local/postgres-client-17.sh finds or unpacks one): a
 * database at the current schema with rows in it is dumped with {@code pg_dump -Fc}, restored with
 * {@code pg_restore --clean --if-exists}, and every table's rows, every sequence and the migration history are
 * compared.
 */
class BackupRestoreTest {

    private static Path bin;

    @BeforeAll
    static void findTheClient() throws Exception {
        Path checkout = Path.of(System.getProperty("volvox.checkout", "..")).toAbsolutePath().normalize();
        Path script = checkout.resolve("deploy/local/postgres-client-17.sh");
        Run run = Run.of(List.of("bash", script.toString()));
        assertThat(run.exitCode()).as("no PostgreSQL 17 client: " + script + " said:\n" + run.output()).isZero();
        List<String> lines = run.output().lines().toList();
        bin = Path.of(lines.get(lines.size() - 1).trim());
        assertThat(Run.of(List.of(bin.resolve("pg_dump").toString(), "--version")).output())
                .as("pg_dump refuses servers newer than itself; the local stack's is 17").contains(" 17.");
    }

    @Test
    void aCustomFormatDumpRestoresIntoAFreshDatabaseWithEveryRowSequenceAndMigration() throws Exception {
        TestDatabase source = databaseWithData("backup_source");
        Map<String, String> before = contents(source);
        // guard against proving that nothing equals nothing
        assertThat(before.entrySet().stream().filter(e -> e.getKey().startsWith("table ") && !e.getValue().startsWith("0 "))
                .count()).as("tables with rows in the source").isGreaterThanOrEqualTo(10);

        Path dump = dumpFile("fresh");
        pgDump(source, dump);
        TestDatabase restored = TestDatabases.create("backup_restored");
        pgRestore(restored, dump);

        assertThat(contents(restored)).isEqualTo(before);
        CliRun status = CliRun.of(restored.dataSource(), "migrate");
        assertThat(status.out()).as("the restored database needs no migration").contains("No pending migrations");
    }

    @Test
    void restoringOverTheLiveDatabaseBringsBackExactlyTheDumpedState() throws Exception {
        TestDatabase database = databaseWithData("backup_overwrite");
        Map<String, String> dumped = contents(database);
        Path dump = dumpFile("overwrite");
        pgDump(database, dump);
        // what happens after the backup and is to be undone: rows changed, removed and added
        database.execute("UPDATE config SET value = '{\"enabled\": false}' WHERE key = 'ai'");
        database.execute("DELETE FROM warnings");
        database.execute("INSERT INTO command_usage (guild_id, user_id, command_name, channel_id) VALUES ('111', 'u9', 'ban', 'c1')");
        assertThat(contents(database)).isNotEqualTo(dumped);

        pgRestore(database, dump);

        assertThat(contents(database)).isEqualTo(dumped);
    }

    /** A database the original bot filled, adopted and migrated to the current schema: rows in most tables. */
    private static TestDatabase databaseWithData(String purpose) throws Exception {
        TestDatabase database = TestDatabases.create(purpose);
        AdoptionTest.runScripts(database, "001_initial-schema.sql", "018-019_live-migrations.sql", "pgmigrations.sql",
                "sample-data.sql");
        CliRun migrate = CliRun.of(database.dataSource(), "migrate");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        return database;
    }

    /** README "Backups": {@code pg_dump -Fc -f backup.dump "$DATABASE_URL"}. */
    private static void pgDump(TestDatabase database, Path dump) throws Exception {
        Run run = Run.of(List.of(bin.resolve("pg_dump").toString(), "-Fc", "-f", dump.toString(),
                database.server().databaseUrl(database.name())));
        assertThat(run.exitCode()).as("pg_dump: " + run.output()).isZero();
        assertThat(Files.size(dump)).isPositive();
    }

    /** README "Backups": {@code pg_restore -d "$DATABASE_URL" --clean --if-exists backup.dump}. */
    private static void pgRestore(TestDatabase database, Path dump) throws Exception {
        Run run = Run.of(List.of(bin.resolve("pg_restore").toString(), "-d",
                database.server().databaseUrl(database.name()), "--clean", "--if-exists", dump.toString()));
        assertThat(run.exitCode()).as("pg_restore: " + run.output()).isZero();
    }

    private static Path dumpFile(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "backup-restore").toAbsolutePath());
        Path dump = dir.resolve(name + ".dump");
        Files.deleteIfExists(dump);
        return dump;
    }

    /**
     * Per table of the public schema: its row count and a hash of all its rows; per sequence its last value; the
     * migration history. Equal maps mean equal data, not just equal counts.
     */
    private static Map<String, String> contents(TestDatabase database) throws Exception {
        Map<String, String> contents = new TreeMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n'"
                        + " ORDER BY t::text), '')) FROM public.\"" + table + "\" t")) {
                    rows.next();
                    contents.put("table " + table, rows.getLong(1) + " rows " + rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")) {
                while (rows.next()) {
                    contents.put("sequence " + rows.getString(1), String.valueOf(rows.getObject(2)));
                }
            }
        }
        return contents;
    }

    private record Run(int exitCode, String output) {

        static Run of(List<String> command) throws IOException, InterruptedException {
            Path log = Files.createTempFile("backup-restore-", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Run(-1, String.join(" ", command) + " did not finish within 180 s\n" + Files.readString(log));
                }
                return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
