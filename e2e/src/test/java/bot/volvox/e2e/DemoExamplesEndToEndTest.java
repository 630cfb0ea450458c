package bot.volvox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.sandbox.SandboxCli;
import picocli.CommandLine;

/**
 * Every example that {@code ./volvox run} and {@code ./volvox demo help} print works on a fresh system: each is run
 * through the demo command line ({@link SandboxCli}, what {@code ./volvox demo} runs) against this system's sandbox,
 * and every slash command gets an answer that is neither a refusal nor "not enabled".
 */
class DemoExamplesEndToEndTest extends WholeSystemTest {

    @Test
    void demoHelpPrintsTheUsageWithTheExamplesAndSucceeds() {
        Run help = demo(List.of("help"));

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: ./volvox demo", "slash", "watch", "Examples");
        SandboxCli.EXAMPLES.forEach(example -> assertThat(help.out()).contains(example.commandLine()));
    }

    @Test
    void everyPrintedExampleWorks() {
        List.of("alice", "bob").forEach(users::ensureMember);
        List<String> problems = new ArrayList<>();
        for (SandboxCli.Example example : SandboxCli.EXAMPLES) {
            List<String> args = new ArrayList<>(example.args());
            if (args.equals(List.of("watch"))) {
                args.add("--seconds=2"); // the printed one runs until Ctrl-C
            }
            Run run = demo(args);
            System.out.println("$ " + example.commandLine() + "\n" + run.out());
            if (run.exitCode() != 0) {
                problems.add(example.commandLine() + " exited with " + run.exitCode() + ": " + run.err());
            }
            if (args.contains("slash")) {
                String reply = run.out().lines().filter(line -> line.startsWith("  reply: ")).findFirst().orElse(null);
                if (reply == null || reply.contains("❌") || reply.contains("permission") || reply.contains("not enabled")) {
                    problems.add(example.commandLine() + " answered: " + reply);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    record Run(int exitCode, String out, String err) {
    }

    private static Run demo(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SandboxCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(sandbox.port())));
        all.addAll(args);
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }
}
