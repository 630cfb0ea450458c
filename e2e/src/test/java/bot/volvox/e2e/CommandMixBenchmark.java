package bot.volvox.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.e2e.CommandLoad.Command;
import bot.volvox.e2e.CommandLoad.Result;
import bot.volvox.e2e.CommandLoad.Step;
import bot.volvox.e2e.CommandLoad.Usage;
import bot.volvox.local.LocalStack;
import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.RecordedCall;

/**
 * Not a test: it asserts nothing about speed and prints numbers. Run it by hand:
 * {@code ./mvnw -B -ntp -Pbenchmarks -pl e2e verify -Dtest=CommandMixBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>With the whole system running, the {@link CommandLoad} of {@link ModerationCommandBenchmark} with a mix of
 * commands across the four domain services, in turn: {@code /warn} and {@code /config view} (moderation),
 * {@code /remind me} two hours ahead (scheduler), {@code /rank} (analytics) and {@code /memory view} (ai), at 50, 100
 * and 200 commands/s for 10 s each, beside the Kafka round trip at the same rate; p50/p99 per command kind and the
 * highest rate with every command answered and p99 ≤ 250 ms.
 *
 * <p>Discord's limits, read from the sandbox's call log for each step: the highest number of non-interaction calls in
 * any second (the gateway's global budget keeps it at 50/s at most) and of interaction calls (callbacks, edits and
 * follow-ups, which that budget must not throttle). A last step sends {@code /warn} with its DM on at 200/s to members
 * the sandbox knows, waits until every DM is delivered and prints how many were, how long that took and the answers'
 * p99.
 */
@Tag("benchmark")
class CommandMixBenchmark {
    private static final double GOAL_P99_MS = 250;
    private static final Duration DM_DRAIN_TIMEOUT = Duration.ofMinutes(2);

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
                long seq = lastSeq(sandbox);
                Step step = load.run(rate, Duration.ofSeconds(10), false, mix);
                CommandLoad.print("mix " + rate + "/s for 10 s, all kinds", step.all(), kafka);
                step.byKind().forEach((kind, result) -> System.out.printf(
                        "BENCH   %s: sent=%d answered=%d p50=%.1f ms p99=%.1f ms%n", kind, result.sent(),
                        result.answered(), result.percentile(50), result.percentile(99)));
                Usage.of(system).printSince(before, step.all().answered());
                printSandboxRates(sandbox.callsSince(seq));
                if (step.byKind().values().stream().allMatch(result -> result.allAnsweredWithin(GOAL_P99_MS))) {
                    best = rate;
                }
            }
            System.out.printf("BENCH highest mix rate with every command answered and p99 <= 250 ms: %s"
                    + " | load average %.1f%n", best == 0 ? "below 50/s" : best + "/s", CommandLoad.loadAverage());

            warnsWithDms(system, sandbox, load, invoker, guilds);
        }
    }

    /** /warn at 200/s for 5 s with the DM on, to members the sandbox knows so that each DM can be delivered. */
    private static void warnsWithDms(WholeSystem system, DiscordSandbox sandbox, CommandLoad load, String invoker,
                                     List<String> guilds) {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            targets.add(sandbox.memberJoin("bench-dm-" + i));
        }
        ModerationCommandBenchmark.setWarnDms(system, guilds, true);
        int rate = 200;
        Duration duration = Duration.ofSeconds(5);
        LongFunction<Command> warns = i -> {
            String guild = guilds.get((int) (i % guilds.size()));
            return new Command("/warn", guild,
                    CommandLoad.warn(guild, invoker, targets.get((int) (i % targets.size()))));
        };
        Result kafka = load.run(rate, duration, true, warns).all();
        long seq = lastSeq(sandbox);
        Instant start = Instant.now();
        Result answers = load.run(rate, duration, false, warns).all();
        CommandLoad.print("/warn with DM " + rate + "/s for " + duration.toSeconds() + " s, answers", answers, kafka);
        long deadline = System.nanoTime() + DM_DRAIN_TIMEOUT.toNanos();
        long delivered = 0;
        while (System.nanoTime() < deadline) {
            delivered = sandbox.callsSince(seq).stream().filter(CommandMixBenchmark::isDelivery).count();
            if (delivered >= answers.sent()) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        System.out.printf("BENCH   DMs delivered %d of %d, all within %.1f s of the first /warn | load average %.1f%n",
                delivered, answers.sent(), Duration.between(start, Instant.now()).toMillis() / 1000.0,
                CommandLoad.loadAverage());
        printSandboxRates(sandbox.callsSince(seq));
    }

    private static long lastSeq(DiscordSandbox sandbox) {
        List<RecordedCall> calls = sandbox.calls();
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).seq();
    }

    /** A message the bot posted to a channel: in these steps only DMs, since the benchmark's guilds log nowhere. */
    private static boolean isDelivery(RecordedCall call) {
        return call.status() < 300 && call.is("POST", "channels/\\d+/messages");
    }

    /** Interaction endpoints: Discord does not count them against the global limit of 50 requests/s. */
    private static boolean isInteraction(RecordedCall call) {
        return call.path().startsWith("interactions/") || call.path().startsWith("webhooks/");
    }

    private static void printSandboxRates(List<RecordedCall> calls) {
        System.out.printf("BENCH   at the sandbox: %d calls | non-interaction max %d/s (limit 50/s) | interaction max"
                        + " %d/s | 429s %d%n", calls.size(), maxPerSecond(calls, call -> !isInteraction(call)),
                maxPerSecond(calls, CommandMixBenchmark::isInteraction),
                calls.stream().filter(call -> call.status() == 429).count());
    }

    private static long maxPerSecond(List<RecordedCall> calls, Predicate<RecordedCall> which) {
        Map<Long, Long> perSecond = new TreeMap<>();
        calls.stream().filter(which).forEach(call -> perSecond.merge(call.at().getEpochSecond(), 1L, Long::sum));
        return perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
