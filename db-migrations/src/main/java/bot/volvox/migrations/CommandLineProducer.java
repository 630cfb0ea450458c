package bot.volvox.migrations;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Gives the Quarkus entry point the same error handling as {@link MigrationsCli#commandLine}. */
@ApplicationScoped
class CommandLineProducer {

    @Produces
    @ApplicationScoped
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return MigrationsCli.configure(factory.create());
    }
}
