package bot.volvox.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the Discord sandbox on its own: {@code java -cp <classpath> bot.volvox.sandbox.SandboxMain [port [guilds]]}
 * (default {@value DiscordSandbox#DEFAULT_PORT}, one guild; {@code SANDBOX_GUILDS} also sets the number of guilds).
 * Stops on SIGTERM / Ctrl-C.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = DiscordSandbox.DEFAULT_PORT;
        if (args.length > 0) {
            try {
                port = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                System.err.println("Usage: SandboxMain [port]   (port must be a number, got \"" + args[0] + "\")");
                System.exit(2);
            }
        }
        int guilds = 1;
        String guildsSetting = args.length > 1 ? args[1] : System.getenv("SANDBOX_GUILDS");
        if (guildsSetting != null && !guildsSetting.isBlank()) {
            try {
                guilds = Integer.parseInt(guildsSetting.trim());
            } catch (NumberFormatException e) {
                System.err.println("Usage: SandboxMain [port [guilds]]   (guilds must be a number, got \""
                        + guildsSetting + "\")");
                System.exit(2);
            }
        }
        DiscordSandbox sandbox = DiscordSandbox.start(port, guilds);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        DemoGuild demo = sandbox.demo();
        System.out.println("Discord sandbox listening on 127.0.0.1:" + sandbox.port());
        System.out.println("  Web page      : " + sandbox.webPageUrl());
        System.out.println("  REST base URL : " + sandbox.restBaseUrl());
        System.out.println("  Gateway URL   : " + sandbox.gatewayUrl());
        System.out.println("  Bot token     : " + sandbox.botToken() + "   (only valid against this sandbox)");
        System.out.println("  Application   : " + demo.applicationId());
        System.out.println("  Demo guild    : " + DemoGuild.NAME + " (" + demo.guildId() + ")");
        sandbox.guilds().stream().skip(1).forEach(guild -> System.out.println("  Also guild    : "
                + guild.guildId()));
        System.out.println("  Channels      : " + demo.channels());
        System.out.println("  Users         : " + demo.users());
        System.out.println("Act as a user:   curl " + sandbox.sandboxApiUrl()
                + "   (route list), or the demo CLI bot.volvox.sandbox.SandboxCli --port " + sandbox.port()
                + " say general hello");
        stopped.await();
    }
}
