package bot.volvox.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.migrations.TestDatabases.TestDatabase;

class FreshDatabaseTest {

    /** The product's history (as the product documents it); changesets added after it may follow. */
    static final List<String> CHANGESET_IDS = List.of(
            "001_initial-schema", "002_conversations-discord-message-id", "003_ai-feedback",
            "004_composite-and-trigram-indexes", "004_voice-sessions", "005_webhook-delivery-log",
            "006_command-usage", "007_guild-command-aliases", "008_reaction-roles", "009_role-menu-templates",
            "010_temp-roles", "011_warnings", "012_placeholder", "013_audit-logs-user-tag",
            "014_conversations-user-id", "015_audit-logs-target-tag");

    @Test
    void fullApplyOnAnEmptyDatabaseProducesTheExpectedCatalog() throws Exception {
        TestDatabase database = TestDatabases.create("fresh");
        List<String> allIds = changelogIds(database);
        assertThat(allIds).startsWith(CHANGESET_IDS.toArray(String[]::new));

        CliRun run = CliRun.of(database.dataSource(), "migrate");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Applied " + allIds.size() + " migration(s):");
        assertThat(run.out().lines().skip(1).map(String::strip).toList()).containsExactlyElementsOf(allIds);
        assertThat(recordedIds(database)).containsExactlyElementsOf(allIds);
        assertCatalogMatchesSchemaSpec(database);
    }

    @Test
    void theDefaultCommandMigratesAndARerunIsANoOp() throws Exception {
        TestDatabase database = TestDatabases.create("rerun");
        assertThat(CliRun.of(database.dataSource()).exitCode()).isZero();
        List<String> catalog = Catalog.of(database);
        List<String> executions = executionRecords(database);

        CliRun again = CliRun.of(database.dataSource(), "migrate");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).isEqualToIgnoringNewLines("No pending migrations; the database is up to date.");
        assertThat(executionRecords(database)).isEqualTo(executions);
        assertThat(Catalog.of(database)).isEqualTo(catalog);
    }

    @Test
    void eachRollbackUndoesItsChangeDownToAnEmptySchemaAndReapplyingRestoresTheCatalog() throws Exception {
        TestDatabase database = TestDatabases.create("rollback");
        assertThat(CliRun.of(database.dataSource(), "migrate").exitCode()).isZero();
        List<String> ids = recordedIds(database);
        int count = ids.size();
        List<String> full = Catalog.of(database);

        CliRun three = CliRun.of(database.dataSource(), "migrate", "down", "3");
        assertThat(three.exitCode()).as(three.err()).isZero();
        assertThat(three.out().lines().toList()).containsExactly("Rolled back " + ids.get(count - 1),
                "Rolled back " + ids.get(count - 2), "Rolled back " + ids.get(count - 3));
        assertThat(CliRun.of(database.dataSource(), "migrate").exitCode()).isZero();
        assertThat(Catalog.of(database)).isEqualTo(full);

        List<List<String>> catalogAfter = new ArrayList<>(Collections.nCopies(count + 1, List.of()));
        catalogAfter.set(count, full);
        for (int applied = count; applied > 0; applied--) {
            CliRun down = CliRun.of(database.dataSource(), "migrate", "down");
            assertThat(down.exitCode()).as(down.err()).isZero();
            assertThat(down.out()).isEqualToIgnoringNewLines("Rolled back " + ids.get(applied - 1));
            assertThat(recordedIds(database)).containsExactlyElementsOf(ids.subList(0, applied - 1));
            catalogAfter.set(applied - 1, Catalog.of(database));
        }
        for (int step = 0; step < count; step++) {
            if (!ids.get(step).equals("012_placeholder")) {
                assertThat(catalogAfter.get(step + 1)).as(ids.get(step)).isNotEqualTo(catalogAfter.get(step));
            }
        }
        // nothing of ours is left: no table, no extension beyond PostgreSQL's own plpgsql
        assertThat(Catalog.tables(database)).isEmpty();
        assertThat(catalogAfter.get(0)).containsExactly("extension plpgsql");

        CliRun tooMany = CliRun.of(database.dataSource(), "migrate", "down");
        assertThat(tooMany.exitCode()).isEqualTo(1);
        assertThat(tooMany.err()).isEqualToIgnoringNewLines("Error: cannot roll back 1 migrations: only 0 applied");

        assertThat(CliRun.of(database.dataSource(), "migrate", "up").exitCode()).isZero();
        assertThat(Catalog.of(database)).isEqualTo(full);
        assertCatalogMatchesSchemaSpec(database);
    }

    @Test
    void statusListsAppliedAndPendingMigrations() throws Exception {
        TestDatabase database = TestDatabases.create("status");
        int total = changelogIds(database).size();
        CliRun empty = CliRun.of(database.dataSource(), "migrate", "status");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("pending  001_initial-schema", "pending  015_audit-logs-target-tag",
                "0 applied, " + total + " pending");

        assertThat(CliRun.of(database.dataSource(), "migrate").exitCode()).isZero();
        assertThat(CliRun.of(database.dataSource(), "migrate", "down", String.valueOf(total - 14)).exitCode()).isZero();

        CliRun partly = CliRun.of(database.dataSource(), "migrate", "status");
        assertThat(partly.exitCode()).isZero();
        List<String> lines = partly.out().lines().toList();
        assertThat(lines).hasSize(total + 1);
        assertThat(lines.get(0)).startsWith("applied  001_initial-schema").contains(String.valueOf(java.time.Year.now().getValue()));
        assertThat(lines.get(13)).startsWith("applied  013_audit-logs-user-tag");
        assertThat(lines.get(14)).isEqualTo("pending  014_conversations-user-id");
        assertThat(lines.get(15)).isEqualTo("pending  015_audit-logs-target-tag");
        assertThat(lines.get(total)).isEqualTo("14 applied, " + (total - 14) + " pending");
    }

    @Test
    void aBadArgumentExitsNonZeroWithOneLine() {
        TestDatabase database = TestDatabases.create("usage");
        CliRun run = CliRun.of(database.dataSource(), "migrate", "down", "zero");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("Error: ").contains("'zero'");

        CliRun negative = CliRun.of(database.dataSource(), "migrate", "down", "0");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.err()).isEqualToIgnoringNewLines(
                "Error: the number of migrations to roll back must be at least 1, was 0");
    }

    /**
     * The catalog at {@code 015_audit-logs-target-tag} equals the original bot's. Changesets added after the
     * product's history are rolled back for the comparison and applied again afterwards.
     */
    static void assertCatalogMatchesSchemaSpec(TestDatabase database) throws Exception {
        List<String> applied = recordedIds(database);
        assertThat(applied).startsWith(CHANGESET_IDS.toArray(String[]::new));
        int later = applied.size() - CHANGESET_IDS.size();
        if (later > 0) {
            assertThat(CliRun.of(database.dataSource(), "migrate", "down", String.valueOf(later)).exitCode()).isZero();
        }
        List<String> actual = Catalog.of(database);
        List<String> expected = Catalog.expected();
        assertThat(Catalog.difference(expected, actual)).as("expected by the original bot's schema but missing").isEmpty();
        assertThat(Catalog.difference(actual, expected)).as("present but not in the original bot's schema").isEmpty();
        if (later > 0) {
            assertThat(CliRun.of(database.dataSource(), "migrate").exitCode()).isZero();
        }
    }

    static List<String> changelogIds(TestDatabase database) {
        return new Migrator(database.dataSource()).status().stream().map(Migrator.MigrationStatus::id).toList();
    }

    static List<String> recordedIds(TestDatabase database) throws Exception {
        return database.column("SELECT id FROM databasechangelog ORDER BY orderexecuted");
    }

    static List<String> executionRecords(TestDatabase database) throws Exception {
        return database.column("SELECT id || ' ' || exectype || ' ' || dateexecuted FROM databasechangelog ORDER BY orderexecuted");
    }
}
