package bot.volvox.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The changelog folder in the source tree: numbered migration files ({@code NNN_name.sql}) plus the master
 * changelog that includes them in order. {@code migrate create} adds to it.
 */
public final class ChangelogDirectory {

    static final String MASTER_FILE = "db.changelog-master.xml";
    private static final Path RELATIVE_LOCATION = Path.of("src", "main", "resources", "db", "changelog");
    private static final Pattern MIGRATION_FILE = Pattern.compile("(\\d{3})_[a-z0-9][a-z0-9-]*\\.sql");
    private static final Pattern MIGRATION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String CLOSING_TAG = "</databaseChangeLog>";

    private final Path directory;

    public ChangelogDirectory(Path directory) {
        if (!Files.isRegularFile(directory.resolve(MASTER_FILE))) {
            throw new MigrationException("not a changelog directory (no " + MASTER_FILE + "): " + directory);
        }
        this.directory = directory;
    }

    /**
     * Finds {@code db-migrations/src/main/resources/db/changelog} from {@code start}: in it, in one of its
     * parents (run from inside the module), or below it (run from the checkout root).
     */
    public static ChangelogDirectory locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir, dir.resolve(RELATIVE_LOCATION),
                    dir.resolve("db-migrations").resolve(RELATIVE_LOCATION))) {
                if (Files.isRegularFile(candidate.resolve(MASTER_FILE))) {
                    return new ChangelogDirectory(candidate);
                }
            }
        }
        throw new MigrationException("cannot find the changelog directory (db-migrations/" + RELATIVE_LOCATION
                + ") from " + start.toAbsolutePath() + "; pass --dir");
    }

    public Path path() {
        return directory;
    }

    /** Creates the next numbered migration file with an up and a rollback template and includes it in the master. */
    public Path create(String name) {
        if (!MIGRATION_NAME.matcher(name).matches()) {
            throw new MigrationException("migration name must be lower-case words joined by '-', e.g. add-user-flags; was '"
                    + name + "'");
        }
        String id = String.format("%03d_%s", highestNumber() + 1, name);
        Path file = directory.resolve(id + ".sql");
        Path master = directory.resolve(MASTER_FILE);
        try {
            String masterText = Files.readString(master, StandardCharsets.UTF_8);
            int closing = masterText.lastIndexOf(CLOSING_TAG);
            if (closing < 0) {
                throw new MigrationException(master + " has no " + CLOSING_TAG);
            }
            Files.writeString(file, template(id), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW);
            String include = "    <include file=\"" + file.getFileName() + "\" relativeToChangelogFile=\"true\"/>\n";
            Files.writeString(master, masterText.substring(0, closing) + include + masterText.substring(closing),
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private int highestNumber() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> MIGRATION_FILE.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
                    .max()
                    .orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String template(String id) {
        return """
                --liquibase formatted sql

                --changeset volvox:%1$s
                --comment: %2$s
                -- Up: the statements of this migration, each ending with ';'. Prefer IF NOT EXISTS forms and
                -- add a '--preconditions onFail:MARK_RAN' check when databases may already hold the change.
                SELECT 1;
                -- Rollback: one '--rollback <statement>' line per statement that undoes the up, newest first
                -- ('--rollback empty' only for a migration that changes nothing).
                --rollback SELECT 1;
                """.formatted(id, id.substring(4).replace('-', ' '));
    }
}
