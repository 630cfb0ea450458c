package bot.volvox.migrations;

import java.io.PrintWriter;
import java.io.StringWriter;

import javax.sql.DataSource;

import picocli.CommandLine;

/** One run of the command line, in-process, against {@code dataSource}. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(DataSource dataSource, String... args) {
        CommandLine commandLine = MigrationsCli.commandLine(new MigrationsCli(() -> new Migrator(dataSource)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
