package bot.volvox.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.e2e.CommandLoad.Result;
import bot.volvox.sandbox.DemoGuild;
import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;
import bot.volvox.sandbox.RecordedCall;

/**
 * Not a test: it asserts nothing about speed and prints numbers. Run it by hand:
 * {@code ./mvnw -B -ntp -Pbenchmarks -pl e2e verify -Dtest=DmQueueBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Discord's real limits on the whole path, with real interactions: the sandbox's moderator runs {@code /warn} in the
 * demo guild at 30 per second for 30 s (the gateway receives each over the Discord gateway and defers it; moderation
 * answers, DMs the member and posts to #mod-log), with {@code warn} DMs on, against 50 members. Each /warn costs two
 * calls Discord counts against its global limit (the DM and the #mod-log post), 60/s in all, so the DMs queue behind
 * the gateway's budget of 48 requests/s for the whole run while the answers must not. From the
 * sandbox's own call log it prints the time from each command to its answer (the edit of the deferred reply) beside
 * the time to its deferral, the answers' p50 in each tenth of the run (a queue in front of the answers would make
 * them grow), how many DMs were delivered and how long the queue took to drain, and the highest calls per second of
 * each kind. One guild: the sandbox's demo guild, where the /warns of a guild take their case numbers one after
 * another.
 */
@Tag("benchmark")
class DmQueueBenchmark {
    private static final int RATE = 30;
    private static final Duration DURATION = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void answersDoNotWaitForTheDmQueue() {
        WholeSystem system = WholeSystem.get();
        DiscordSandbox sandbox = system.sandbox();
        DemoGuild demo = sandbox.demo();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            targets.add(sandbox.memberJoin("bench-dm-" + i));
        }
        ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                "{\"moderation\":{\"dmNotifications\":{\"warn\":true}}}");
        long warmUpSeq = SandboxCallRates.lastSeq(sandbox);
        int warmUps = warns(sandbox, targets, 20, Duration.ofSeconds(3)).size(); // JIT, pools, caches, DM channels
        awaitDelivered(sandbox, warmUpSeq, warmUps, DRAIN_TIMEOUT);

        long seq = SandboxCallRates.lastSeq(sandbox);
        Instant start = sandbox.now();
        Map<String, Instant> sentAt = warns(sandbox, targets, RATE, DURATION);
        long expectedDms = sentAt.size();
        Instant drained = awaitDelivered(sandbox, seq, expectedDms, DRAIN_TIMEOUT);
        List<RecordedCall> calls = sandbox.callsSince(seq);

        Map<String, InteractionState> states = new HashMap<>();
        sentAt.keySet().forEach(id -> states.put(id, sandbox.interaction(id)));
        Map<String, String> tokenToId = new HashMap<>();
        states.forEach((id, state) -> tokenToId.put(state.token(), id));
        List<Double> deferrals = new ArrayList<>();
        List<Double> answers = new ArrayList<>();
        Map<String, Double> answerMsById = new HashMap<>();
        for (RecordedCall call : calls) {
            if (call.status() >= 300) {
                continue;
            }
            if (call.is("POST", "interactions/\\d+/.+/callback")) {
                String id = call.path().split("/")[1];
                if (sentAt.containsKey(id)) {
                    deferrals.add(millisBetween(sentAt.get(id), call.at()));
                }
            } else if (call.path().startsWith("webhooks/") && call.path().endsWith("/messages/@original")) {
                String id = tokenToId.get(call.path().split("/")[2]);
                if (id != null && !answerMsById.containsKey(id)) {
                    double ms = millisBetween(sentAt.get(id), call.at());
                    answers.add(ms);
                    answerMsById.put(id, ms);
                }
            }
        }
        long dms = calls.stream().filter(call -> SandboxCallRates.isMessagePosted(call)
                && !call.path().contains(demo.modLogChannelId())).count();
        long modLog = calls.stream().filter(call -> SandboxCallRates.isMessagePosted(call)
                && call.path().contains(demo.modLogChannelId())).count();
        int unanswered = (int) states.values().stream().filter(state -> state.answer() == null).count();

        System.out.printf("BENCH /warn with DM through the sandbox, %d/s for %d s: %d commands%n", RATE,
                DURATION.toSeconds(), sentAt.size());
        CommandLoad.print("  command → answer (edit of the deferred reply)", new Result(sentAt.size(), answers),
                new Result(sentAt.size(), deferrals));
        System.out.printf("BENCH   (the baseline column above is command → deferral of the same commands; %d left"
                + " without an answer)%n", unanswered);
        List<String> inOrder = new ArrayList<>(sentAt.keySet());
        StringBuilder tenths = new StringBuilder();
        for (int tenth = 0; tenth < 10; tenth++) {
            List<Double> part = new ArrayList<>();
            for (String id : inOrder.subList(tenth * inOrder.size() / 10, (tenth + 1) * inOrder.size() / 10)) {
                if (answerMsById.containsKey(id)) {
                    part.add(answerMsById.get(id));
                }
            }
            tenths.append(String.format(" %.0f", new Result(part.size(), part).percentile(50)));
        }
        System.out.printf("BENCH   answer p50 (ms) in each tenth of the run:%s%n", tenths);
        System.out.printf("BENCH   DMs delivered %d of %d, #mod-log posts %d; the last DM %.1f s after the first"
                        + " command | load average %.1f%n", dms, expectedDms, modLog,
                drained == null ? Double.NaN : millisBetween(start, drained) / 1000.0, CommandLoad.loadAverage());
        SandboxCallRates.print(calls);
    }

    /** Runs /warn at {@code rate} per second for {@code duration}; the interaction ids with the sandbox's send time. */
    private static Map<String, Instant> warns(DiscordSandbox sandbox, List<String> targets, int rate,
                                              Duration duration) {
        Map<String, Instant> sentAt = new LinkedHashMap<>();
        long count = rate * duration.toSeconds();
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            LockSupport.parkNanos(start + i * 1_000_000_000L / rate - System.nanoTime());
            Instant at = sandbox.now();
            String id = sandbox.runSlashCommand("moderator", "general", "warn",
                    Map.of("user", targets.get((int) (i % targets.size())), "reason", "dm queue benchmark " + i));
            sentAt.put(id, at);
        }
        return sentAt;
    }

    /** When the {@code expected}-th DM since {@code seq} was delivered, or null if not within the timeout. */
    private static Instant awaitDelivered(DiscordSandbox sandbox, long seq, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String modLog = sandbox.demo().modLogChannelId();
        while (true) {
            List<RecordedCall> dms = sandbox.callsSince(seq).stream()
                    .filter(call -> SandboxCallRates.isMessagePosted(call) && !call.path().contains(modLog)).toList();
            if (dms.size() >= expected) {
                return dms.get((int) expected - 1).at();
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
