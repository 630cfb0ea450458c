package bot.volvox.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.e2e.CommandLoad.Result;
import bot.volvox.e2e.CommandLoad.Usage;
import bot.volvox.local.LocalStack;

/**
 * Not a test: it asserts nothing about speed and prints numbers. Run it by hand on an otherwise idle machine:
 * {@code ./mvnw -B -ntp -pl e2e -am verify -Dtest=ModerationCommandBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>With the whole system running ({@link WholeSystem}: every service as its packaged jar), it publishes
 * {@code /warn} slash commands to {@code discord.interaction.moderation-service} exactly as the gateway publishes them (20 guilds,
 * an invoker with Administrator, DMs off so each command is one transaction: operation claim, case number, case,
 * warning, escalation check, audit row) at a fixed rate, and measures publish → moderation's follow-up action on
 * {@code discord.action}. First 10 s steps at 10, 30, 50, 100 and 200 commands/s (the highest with every command
 * answered and p99 under 250 ms is printed), then 200 commands/s for 60 s. The baseline, measured in the same run at the same rates, is the bare Kafka round
 * trip (publish → a consumer of the same broker): the floor no service can go below. Each step also prints the
 * PostgreSQL statements per /warn (moderation's {@code volvox_database_statements_total}) and the CPU milliseconds
 * each service's process spent per command; a last step runs /warn with its DM on.
 */
@Tag("benchmark")
class ModerationCommandBenchmark {

    @Test
    void slashCommandToFollowUpWithTheWholeSystemRunning() throws Exception {
        WholeSystem system = WholeSystem.get();
        List<String> guilds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guilds.add(CommandLoad.snowflake());
        }
        setWarnDms(system, guilds, false);

        try (CommandLoad load = CommandLoad.start(LocalStack.forTests().kafka().bootstrapServers())) {
            String invoker = CommandLoad.snowflake();
            LongFunction<CommandLoad.Command> warns = i -> {
                String guild = guilds.get((int) (i % guilds.size()));
                return new CommandLoad.Command("warn", guild, CommandLoad.warn(guild, invoker, CommandLoad.snowflake()));
            };
            load.run(20, Duration.ofSeconds(5), false, warns); // warm-up (JIT, pools, caches)
            int best = 0;
            for (int rate : new int[] {10, 30, 50, 100, 200}) {
                Result kafka = load.run(rate, Duration.ofSeconds(10), true, warns).all();
                Usage before = Usage.of(system);
                Result step = load.run(rate, Duration.ofSeconds(10), false, warns).all();
                CommandLoad.print("step " + rate + "/s for 10 s", step, kafka);
                Usage.of(system).printSince(before, step.answered());
                if (step.answered() == step.sent() && step.percentile(99) < 250) {
                    best = rate;
                }
            }
            System.out.printf("BENCH highest rate with p99 < 250 ms: %s%n", best == 0 ? "below 10/s" : best + "/s");
            Result kafka = load.run(200, Duration.ofSeconds(20), true, warns).all();
            Usage before = Usage.of(system);
            Result steady = load.run(200, Duration.ofSeconds(60), false, warns).all();
            CommandLoad.print("steady 200/s for 60 s", steady, kafka);
            Usage.of(system).printSince(before, steady.answered());

            // the same /warn with its DM: the DM goes out with the answer (moderation README), so it must not
            // change the answer's latency; its statements are the difference
            setWarnDms(system, guilds, true);
            kafka = load.run(50, Duration.ofSeconds(10), true, warns).all();
            before = Usage.of(system);
            Result withDm = load.run(50, Duration.ofSeconds(10), false, warns).all();
            CommandLoad.print("with DM 50/s for 10 s", withDm, kafka);
            Usage.of(system).printSince(before, withDm.answered());
        }
    }

    /** The sandbox knows one guild only; the others exist as ids, so their config is set through the REST API. */
    static void setWarnDms(WholeSystem system, List<String> guilds, boolean on) {
        for (String guild : guilds) {
            ConfigApi.patch(system.serviceUrl("moderation-service"), guild,
                    "{\"moderation\":{\"dmNotifications\":{\"warn\":" + on + "}}}");
        }
    }
}
