package bot.volvox.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommandTest {

    private static final Path SOURCE_CHANGELOG = Path.of("src", "main", "resources", "db", "changelog");
    private static final Pattern LATER_THAN_015 = Pattern.compile("(0(1[6-9]|[2-9]\\d)|[1-9]\\d\\d)_.*");

    @Test
    void createsTheNextNumberedMigrationAndIncludesItInTheMaster(@TempDir Path dir) throws Exception {
        copyHistoryThrough015(dir);

        CliRun run = CliRun.of(null, "migrate", "create", "my-migration-name", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path created = dir.resolve("016_my-migration-name.sql");
        assertThat(run.out()).contains("Created " + created);
        String text = Files.readString(created);
        assertThat(text).startsWith("--liquibase formatted sql")
                .contains("\n--changeset volvox:016_my-migration-name\n")
                .containsPattern("(?m)^--rollback ");
        List<String> includes = includes(dir);
        assertThat(includes).hasSize(17);
        assertThat(includes.get(15)).isEqualTo("015_audit-logs-target-tag.sql");
        assertThat(includes.get(16)).isEqualTo("016_my-migration-name.sql");

        CliRun next = CliRun.of(null, "migrate", "create", "another-one", "--dir", dir.toString());
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(dir.resolve("017_another-one.sql")).exists();
        assertThat(includes(dir)).last().isEqualTo("017_another-one.sql");
    }

    @Test
    void aCreatedMigrationIsAValidChangelogThatAppliesAndRollsBack(@TempDir Path dir) throws Exception {
        copyHistoryThrough015(dir);
        assertThat(CliRun.of(null, "migrate", "create", "template-check", "--dir", dir.toString()).exitCode()).isZero();
        TestDatabases.TestDatabase database = TestDatabases.create("template");
        Migrator migrator = new Migrator(database.dataSource(), ChangelogDirectory.MASTER_FILE,
                new liquibase.resource.DirectoryResourceAccessor(dir));

        assertThat(migrator.migrate()).last().extracting(Migrator.AppliedChangeSet::id).isEqualTo("016_template-check");
        assertThat(migrator.rollback(1)).containsExactly("016_template-check");
    }

    @Test
    void rejectsANameThatIsNotLowerCaseWordsWithHyphens(@TempDir Path dir) throws Exception {
        copyHistoryThrough015(dir);
        CliRun run = CliRun.of(null, "migrate", "create", "Drop Users!", "--dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: migration name must be lower-case words joined by '-'");
        assertThat(includes(dir)).hasSize(16);
    }

    @Test
    void findsTheSourceChangelogFromTheWorkingDirectory() {
        // surefire runs in the module directory; from the checkout root the same folder is found below
        assertThat(ChangelogDirectory.locate(Path.of("")).path())
                .isEqualTo(SOURCE_CHANGELOG.toAbsolutePath());
        assertThat(ChangelogDirectory.locate(Path.of("src", "main")).path())
                .isEqualTo(SOURCE_CHANGELOG.toAbsolutePath());
        assertThat(ChangelogDirectory.locate(Path.of("..").toAbsolutePath().normalize()).path())
                .isEqualTo(SOURCE_CHANGELOG.toAbsolutePath().normalize());
    }

    /** The product's 16 changesets and a master including just them (later additions left out). */
    private static void copyHistoryThrough015(Path dir) throws Exception {
        try (var files = Files.list(SOURCE_CHANGELOG)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!LATER_THAN_015.matcher(name).matches()) {
                    Files.copy(file, dir.resolve(name));
                }
            }
        }
        Path master = dir.resolve(ChangelogDirectory.MASTER_FILE);
        List<String> lines = Files.readAllLines(master).stream()
                .filter(line -> !LATER_THAN_015.matcher(line.replaceAll(".*file=\"", "")).matches())
                .toList();
        Files.write(master, lines);
        assertThat(includes(dir)).hasSize(16);
    }

    private static List<String> includes(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve(ChangelogDirectory.MASTER_FILE)).stream()
                .filter(line -> line.contains("<include "))
                .map(line -> line.replaceAll(".*file=\"([^\"]+)\".*", "$1"))
                .toList();
    }
}
