package bot.volvox.e2e;

import bot.volvox.sandbox.DemoGuild;
import bot.volvox.sandbox.DiscordSandbox;
import org.junit.jupiter.api.BeforeAll;

/** A test of the whole system: shares the one {@link WholeSystem} of this JVM, its sandbox and its demo users. */
abstract class WholeSystemTest {

    static WholeSystem system;
    static DiscordSandbox sandbox;
    static DemoGuild demo;
    static DemoUsers users;

    @BeforeAll
    static void startTheWholeSystem() {
        system = WholeSystem.get();
        sandbox = system.sandbox();
        demo = sandbox.demo();
        users = new DemoUsers(system);
    }
}
