package bot.volvox.migrations;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code migrate} (the default), {@code migrate up}, {@code migrate down [N]},
 * {@code migrate status}, {@code migrate create <name>}. Exit code 0 on success, 1 with a one-line
 * {@code Error: ...} on failure, 2 on a usage error.
 */
@TopCommand
@Command(name = "db-migrations", mixinStandardHelpOptions = true, subcommands = MigrateCommand.class,
        description = "Volvox.Bot database migrations. Without a command it runs 'migrate' (apply pending migrations).")
public class MigrationsCli implements Callable<Integer> {

    private final Supplier<Migrator> migrators;

    @Spec
    CommandSpec spec;

    @Inject
    MigrationsCli(InjectableInstance<DataSource> dataSource) {
        // Resolved only when a command needs the database: 'migrate create' and --help work without one.
        this(() -> new Migrator(resolve(dataSource)));
    }

    public MigrationsCli(Supplier<Migrator> migrators) {
        this.migrators = migrators;
    }

    /** A command line with this tool's error handling; the Quarkus entry point and the tests both use it. */
    public static CommandLine commandLine(MigrationsCli cli) {
        return configure(new CommandLine(cli));
    }

    static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setExecutionExceptionHandler((error, failed, parseResult) -> {
                    failed.getErr().println("Error: " + oneLine(error));
                    failed.getErr().flush();
                    return 1;
                })
                .setParameterExceptionHandler((error, args) -> {
                    error.getCommandLine().getErr().println("Error: " + oneLine(error)
                            + " (see '" + error.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                    error.getCommandLine().getErr().flush();
                    return 2;
                });
    }

    @Override
    public Integer call() {
        return MigrateCommand.applyPending(migrator(), spec.commandLine().getOut());
    }

    Migrator migrator() {
        return migrators.get();
    }

    private static String oneLine(Exception error) {
        if (error instanceof MigrationException || error instanceof CommandLine.ParameterException) {
            return error.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
        }
        return MigrationException.rootMessage(error);
    }

    private static DataSource resolve(InjectableInstance<DataSource> dataSource) {
        if (dataSource.listActive().isEmpty()) {
            // platform-config leaves the JDBC URL unset without DATABASE_URL, which deactivates the datasource
            throw new MigrationException("DATABASE_URL is not set: it must name the PostgreSQL database to migrate,"
                    + " e.g. postgresql://user:password@localhost:5432/volvoxbot");
        }
        return dataSource.getActive();
    }
}
