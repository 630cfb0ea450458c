package bot.volvox.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;

import static org.awaitility.Awaitility.await;

/**
 * Throughput of the whole system at 1 and at 2 replicas per service (4 shards over the gateway replicas, 4 partitions),
 * measured in the same run on this machine: moderators' {@code /warn} in every guild through the sandbox, with at most
 * {@link #IN_FLIGHT} commands not yet answered, from the first command to the last answer. It prints commands per
 * second for each shape, their ratio, the load average beside each, and the CPU time of each service's processes,
 * which tells what limits it: with every JVM on the same two cores, a second replica adds a JVM's overhead and no
 * core, so the ratio shows what replicas cost here, not what they give on separate nodes.
 */
@Tag("benchmark")
class ScaleOutBenchmark {
    private static final int COMMANDS = 200;
    private static final int IN_FLIGHT = 6;
    private static final int WARMUP = 20;

    @Test
    void throughputAtOneAndTwoReplicasPerService() {
        // both shapes: 4 shards (one guild each) over 4 partitions, so only the number of processes differs
        double one = measure(new ScaledOutSystem.Shape(1, 4, 1, 1, 1, 1, 4));
        double two = measure(new ScaledOutSystem.Shape(2, 2, 2, 2, 2, 2, 4));
        System.out.printf("scale-out /warn throughput: 1 replica per service %.1f/s, 2 replicas per service %.1f/s,"
                + " ratio 2-vs-1 %.2f; load average now %s%n", one, two, two / one, ScaleOutEndToEndTest.loadAverage());
    }

    private static double measure(ScaledOutSystem.Shape shape) {
        try (ScaledOutSystem system = ScaledOutSystem.start(shape)) {
            run(system, WARMUP);
            Map<String, Duration> cpuBefore = cpu(system);
            long started = System.nanoTime();
            int late = run(system, COMMANDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Duration> cpuAfter = cpu(system);
            double rate = COMMANDS / seconds;
            StringBuilder perService = new StringBuilder();
            cpuAfter.forEach((service, after) -> perService.append(String.format(" %s %.1f ms", service,
                    (after.toMillis() - cpuBefore.get(service).toMillis()) / (double) COMMANDS)));
            System.out.printf("%d gateway(s) x %d shards, %d moderation, %d ai, %d analytics, %d scheduler, %d"
                            + " partitions: %d /warn in %.1f s = %.1f/s, %d not deferred within 3 s; CPU per command:%s;"
                            + " load average %s%n", shape.gateways(), shape.shardsPerGateway(), shape.moderation(),
                    shape.ai(), shape.analytics(), shape.scheduler(), shape.partitions(), COMMANDS, seconds, rate, late,
                    perService, ScaleOutEndToEndTest.loadAverage());
            return rate;
        }
    }

    /** Runs {@code count} /warns spread over the guilds, at most IN_FLIGHT unanswered; returns how many came late. */
    private static int run(ScaledOutSystem system, int count) {
        int guilds = system.shape().shardTotal();
        List<String[]> open = new ArrayList<>();
        List<String[]> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            await("a command answered").atMost(Duration.ofMinutes(2)).until(() -> {
                open.removeIf(entry -> answered(system, entry));
                return open.size() < IN_FLIGHT;
            });
            int guild = i % guilds;
            String id = system.sandbox().inGuild(guild).runSlashCommand("moderator", "general", "warn",
                    Map.of("user", "bob", "reason", "benchmark " + i));
            String[] entry = {Integer.toString(guild), id};
            open.add(entry);
            all.add(entry);
        }
        await("every command answered").atMost(Duration.ofMinutes(3))
                .until(() -> all.stream().allMatch(entry -> answered(system, entry)));
        return (int) all.stream().filter(entry -> state(system, entry).rejectedCallbacks() > 0).count();
    }

    private static boolean answered(ScaledOutSystem system, String[] entry) {
        InteractionState state = state(system, entry);
        return state.answer() != null || state.rejectedCallbacks() > 0;
    }

    private static InteractionState state(ScaledOutSystem system, String[] entry) {
        DiscordSandbox sandbox = system.sandbox().inGuild(Integer.parseInt(entry[0]));
        return sandbox.interaction(entry[1]);
    }

    private static Map<String, Duration> cpu(ScaledOutSystem system) {
        Map<String, Duration> cpu = new java.util.LinkedHashMap<>();
        for (ScaledOutSystem.Replica replica : system.all()) {
            Duration used = ProcessHandle.of(replica.process.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                    .orElse(Duration.ZERO);
            cpu.merge(replica.service, used, Duration::plus);
        }
        return cpu;
    }
}
