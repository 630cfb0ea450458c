package bot.volvox.local;

import java.util.Map;

/**
 * {@code ./volvox migrate [down [N] | status | create NAME]} without DATABASE_URL: runs the db-migrations
 * tool against the local database {@code volvox}, using the running {@code ./volvox run} PostgreSQL or
 * starting it (data in {@code .volvox/postgres}) for the duration of the command.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static void main(String[] args) {
        String databaseUrl;
        if (Ports.isListening(RunStack.POSTGRES_PORT)) {
            databaseUrl = PostgresServer.attach(RunStack.POSTGRES_PORT).databaseUrl(RunStack.DATABASE);
        } else {
            PostgresServer postgres = PostgresServer.start(Checkout.root().resolve(".volvox/postgres"),
                    RunStack.POSTGRES_PORT, Map.of());
            postgres.createDatabase(RunStack.DATABASE);
            databaseUrl = postgres.databaseUrl(RunStack.DATABASE);
        }
        int exitCode = Migrations.runInTerminal(databaseUrl, args);
        Shutdown.closeAll();
        System.exit(exitCode);
    }
}
