package bot.volvox.migrations;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        subcommands = {MigrateCommand.Up.class, MigrateCommand.Down.class, MigrateCommand.Status.class, MigrateCommand.Create.class},
        description = "Apply all pending migrations (the same as 'migrate up').")
public class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    MigrationsCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return applyPending(cli.migrator(), spec.commandLine().getOut());
    }

    static int applyPending(Migrator migrator, PrintWriter out) {
        List<Migrator.AppliedChangeSet> applied = migrator.migrate();
        if (applied.isEmpty()) {
            out.println("No pending migrations; the database is up to date.");
        } else {
            out.println("Applied " + applied.size() + " migration(s):");
            for (Migrator.AppliedChangeSet changeSet : applied) {
                out.println("  " + changeSet.id() + ("MARK_RAN".equals(changeSet.execType())
                        ? "  (already present in the database: recorded, not run)" : ""));
            }
        }
        out.flush();
        return 0;
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Apply all pending migrations.")
    static class Up implements Callable<Integer> {
        @ParentCommand
        MigrateCommand migrate;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return applyPending(migrate.cli.migrator(), spec.commandLine().getOut());
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Roll back the most recently applied migration, or the N most recent ones.")
    static class Down implements Callable<Integer> {
        @ParentCommand
        MigrateCommand migrate;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", defaultValue = "1", paramLabel = "N",
                description = "How many migrations to roll back (default: ${DEFAULT-VALUE}).")
        int count;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (String id : migrate.cli.migrator().rollback(count)) {
                out.println("Rolled back " + id);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List applied and pending migrations.")
    static class Status implements Callable<Integer> {
        @ParentCommand
        MigrateCommand migrate;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Migrator.MigrationStatus> statuses = migrate.cli.migrator().status();
            long applied = statuses.stream().filter(Migrator.MigrationStatus::applied).count();
            for (Migrator.MigrationStatus status : statuses) {
                if (status.applied()) {
                    out.printf("applied  %-40s %s%s%n", status.id(), status.appliedAt(),
                            "MARK_RAN".equals(status.execType()) ? "  (adopted)" : "");
                } else {
                    out.printf("pending  %s%n", status.id());
                }
            }
            out.println(applied + " applied, " + (statuses.size() - applied) + " pending");
            out.flush();
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the next numbered migration file in the source tree and include it in the master changelog.")
    static class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case words joined by '-', e.g. add-user-flags.")
        String name;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "The changelog directory (default: db-migrations/src/main/resources/db/changelog, found from the working directory).")
        Path dir;

        @Override
        public Integer call() {
            ChangelogDirectory changelog = dir != null ? new ChangelogDirectory(dir) : ChangelogDirectory.locate(Path.of(""));
            Path file = changelog.create(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created " + file + " and included it in " + file.resolveSibling(ChangelogDirectory.MASTER_FILE));
            out.flush();
            return 0;
        }
    }
}
