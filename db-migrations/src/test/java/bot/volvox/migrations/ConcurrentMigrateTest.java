package bot.volvox.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import bot.volvox.migrations.TestDatabases.TestDatabase;

class ConcurrentMigrateTest {

    @Test
    void twoMigrateRunsOnOneEmptyDatabaseBothSucceedAndApplyTheSchemaOnce() throws Exception {
        TestDatabase database = TestDatabases.create("concurrent");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<CliRun>> runs = List.of(
                    CompletableFuture.supplyAsync(() -> migrateAfter(start, database), pool),
                    CompletableFuture.supplyAsync(() -> migrateAfter(start, database), pool));
            CliRun first = runs.get(0).get(2, TimeUnit.MINUTES);
            CliRun second = runs.get(1).get(2, TimeUnit.MINUTES);

            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(second.exitCode()).as(second.err()).isZero();
            // one run applied everything while the other waited on the lock and then found nothing to do
            assertThat(List.of(first.out(), second.out()))
                    .anySatisfy(out -> assertThat(out).contains("001_initial-schema", "015_audit-logs-target-tag"))
                    .anySatisfy(out -> assertThat(out).contains("No pending migrations"));
            assertThat(database.column("SELECT id || ' ' || exectype FROM databasechangelog ORDER BY orderexecuted"))
                    .containsExactlyElementsOf(FreshDatabaseTest.changelogIds(database).stream().map(id -> id + " EXECUTED").toList());
            FreshDatabaseTest.assertCatalogMatchesSchemaSpec(database);
        } finally {
            pool.shutdownNow();
        }
    }

    private static CliRun migrateAfter(CyclicBarrier start, TestDatabase database) {
        try {
            start.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return CliRun.of(database.dataSource(), "migrate");
    }
}
