package bot.volvox.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.e2e.CommandLoad.Command;
import bot.volvox.e2e.CommandLoad.Result;
import bot.volvox.e2e.CommandLoad.Step;
import bot.volvox.e2e.CommandLoad.Usage;
import bot.volvox.local.LocalStack;
import bot.volvox.sandbox.DiscordSandbox;

/**
 * Not a test: it asserts nothing about speed and prints numbers. Run it by hand:
 * {@code ./mvnw -B -ntp -Pbenchmarks -pl e2e verify -Dtest=CommandMixBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>With the whole system running, the {@link CommandLoad} of {@link ModerationCommandBenchmark} with a mix of
 * commands across the four domain services, in turn: {@code /warn} and {@code /config view} (moderation),
 * {@code /remind me} two hours ahead (scheduler), {@code /rank} (analytics) and {@code /memory view} (ai), at 50, 100
 * and 200 commands/s for 10 s each, beside the Kafka round trip at the same rate; p50/p99 per command kind and the
 * highest rate with every command answered and p99 ≤ 250 ms; then 200 commands/s for 60 s, the goal's duration.
 *
 * <p>Discord's limits, read from the sandbox's call log for each step: the highest number of non-interaction calls in
 * any second (the gateway's global budget keeps it at 50/s at most) and of interaction calls (callbacks, edits and
 * follow-ups, which that budget must not throttle). DMs under that budget are {@link DmQueueBenchmark}'s subject: the
 * commands here carry interaction tokens the sandbox never issued, so only real interactions can show them.
 */
@Tag("benchmark")
class CommandMixBenchmark {
    private static final double GOAL_P99_MS = 250;

    @Test
    void mixOfCommandsAcrossTheDomainServices() throws Exception {
        WholeSystem system = WholeSystem.get();
        DiscordSandbox sandbox = system.sandbox();
        List<String> guilds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guilds.add(CommandLoad.snowflake());
        }
        ModerationCommandBenchmark.setWarnDms(system, guilds, false);

        try (CommandLoad load = CommandLoad.start(LocalStack.forTests().kafka().bootstrapServers())) {
            String invoker = CommandLoad.snowflake();
            LongFunction<Command> mix = i -> {
                String guild = guilds.get((int) (i % guilds.size()));
                return switch ((int) (i % 5)) {
                    case 0 -> new Command("/warn", guild, CommandLoad.warn(guild, invoker, CommandLoad.snowflake()));
                    case 1 -> new Command("/config view", guild,
                            CommandLoad.slashCommand(guild, invoker, "config", "view", List.of()));
                    case 2 -> new Command("/remind me", guild, CommandLoad.slashCommand(guild, invoker, "remind", "me",
                            List.of(CommandLoad.stringOption("when", "in 2 hours"),
                                    CommandLoad.stringOption("message", "bench"))));
                    case 3 -> new Command("/rank", guild, CommandLoad.slashCommand(guild, invoker, "rank", null, List.of()));
                    default -> new Command("/memory view", guild,
                            CommandLoad.slashCommand(guild, invoker, "memory", "view", List.of()));
                };
            };
            load.run(20, Duration.ofSeconds(5), false, mix); // warm-up (JIT, pools, caches)
            int best = 0;
            for (int rate : new int[] {50, 100, 200}) {
                Result kafka = load.run(rate, Duration.ofSeconds(10), true, mix).all();
                Usage before = Usage.of(system);
                long seq = SandboxCallRates.lastSeq(sandbox);
                Step step = load.run(rate, Duration.ofSeconds(10), false, mix);
                print("mix " + rate + "/s for 10 s, all kinds", step, kafka, system, before, sandbox, seq);
                if (step.byKind().values().stream().allMatch(result -> result.allAnsweredWithin(GOAL_P99_MS))) {
                    best = rate;
                }
            }
            System.out.printf("BENCH highest mix rate with every command answered and p99 <= 250 ms: %s"
                    + " | load average %.1f%n", best == 0 ? "below 50/s" : best + "/s", CommandLoad.loadAverage());
            // the goal's duration: a backlog that grows shows as answers arriving later and later
            Result kafka = load.run(200, Duration.ofSeconds(20), true, mix).all();
            Usage before = Usage.of(system);
            long seq = SandboxCallRates.lastSeq(sandbox);
            Step steady = load.run(200, Duration.ofSeconds(60), false, mix);
            print("mix steady 200/s for 60 s, all kinds", steady, kafka, system, before, sandbox, seq);
        }
    }

    private static void print(String what, Step step, Result kafka, WholeSystem system, Usage before,
            DiscordSandbox sandbox, long seq) {
        CommandLoad.print(what, step.all(), kafka);
        step.byKind().forEach((kind, result) -> System.out.printf(
                "BENCH   %s: sent=%d answered=%d p50=%.1f ms p99=%.1f ms%n", kind, result.sent(),
                result.answered(), result.percentile(50), result.percentile(99)));
        Usage.of(system).printSince(before, step.all().answered());
        SandboxCallRates.print(sandbox.callsSince(seq));
    }
}
