package bot.volvox.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.RecordedCall;

/** What the benchmarks read from the sandbox's call log: Discord's limits as the bot met them. */
final class SandboxCallRates {
    private SandboxCallRates() {
    }

    static long lastSeq(DiscordSandbox sandbox) {
        List<RecordedCall> calls = sandbox.calls();
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).seq();
    }

    /** A message the bot posted to a channel (a DM, or a guild channel such as #mod-log). */
    static boolean isMessagePosted(RecordedCall call) {
        return call.status() < 300 && call.is("POST", "channels/\\d+/messages");
    }

    /** Interaction endpoints: Discord does not count them against the global limit of 50 requests/s. */
    static boolean isInteraction(RecordedCall call) {
        return call.path().startsWith("interactions/") || call.path().startsWith("webhooks/");
    }

    static void print(List<RecordedCall> calls) {
        System.out.printf("BENCH   at the sandbox: %d calls | non-interaction max %d/s (limit 50/s) | interaction max"
                        + " %d/s | 429s %d%n", calls.size(), maxPerSecond(calls, call -> !isInteraction(call)),
                maxPerSecond(calls, SandboxCallRates::isInteraction),
                calls.stream().filter(call -> call.status() == 429).count());
    }

    static long maxPerSecond(List<RecordedCall> calls, Predicate<RecordedCall> which) {
        Map<Long, Long> perSecond = new TreeMap<>();
        calls.stream().filter(which).forEach(call -> perSecond.merge(call.at().getEpochSecond(), 1L, Long::sum));
        return perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
