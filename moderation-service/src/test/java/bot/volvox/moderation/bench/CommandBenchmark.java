package bot.volvox.moderation.bench;

import static bot.volvox.moderation.testing.Events.member;
import static bot.volvox.moderation.testing.Events.slash;
import static bot.volvox.moderation.testing.Events.snowflake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.discord.ActionPublisher;
import bot.volvox.moderation.testing.Events;
import bot.volvox.moderation.testing.Events.Invoker;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Not a test (no assertions on speed): {@code ./mvnw -B -ntp -pl deploy/local,moderation-service -Pbench verify}
 * prints numbers. Publishes {@code /warn} slash commands as the gateway does (20 guilds, DM off so each command is
 * one transaction: operation claim, case number, case, warning, escalation check, audit row) at a fixed rate and
 * measures publish → the follow-up action arriving on {@code discord.action}: 10 s steps at rising rates (stopping
 * at the first whose p99 reaches 250 ms or that leaves commands unanswered 60 s after the last was sent), then p50/p99
 * at 200 commands/s for 60 s.
 */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class CommandBenchmark extends ModerationTestBase {

    @Inject
    ConfigWriter writer;

    @Test
    void slashCommandToFollowUp() throws Exception {
        List<String> guilds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String guild = Events.guild();
            writer.set(guild, "moderation.dmNotifications.warn", VolvoxJson.MAPPER.getNodeFactory().booleanNode(false),
                    "bench").await().atMost(Duration.ofSeconds(10));
            guilds.add(guild);
        }
        Invoker admin = Invoker.admin();
        run(guilds, admin, 20, Duration.ofSeconds(5)); // warm-up
        int best = 0;
        for (int rate : new int[] {25, 50, 100, 200, 300, 400, 600}) {
            Result step = run(guilds, admin, rate, Duration.ofSeconds(10));
            System.out.printf("BENCH step %d/s for 10 s: sent=%d answered=%d p50=%.1f ms p99=%.1f ms%n", rate,
                    step.sent, step.latenciesMs.size(), step.percentile(50), step.percentile(99));
            if (step.latenciesMs.size() == step.sent && step.percentile(99) < 250) {
                best = rate;
            } else {
                break;
            }
        }
        System.out.printf("BENCH highest rate with p99 < 250 ms: %s%n", best == 0 ? "below 25/s" : best + "/s");
        Result steady = run(guilds, admin, 200, Duration.ofSeconds(60));
        System.out.printf("BENCH steady 200/s for 60 s: sent=%d answered=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n%n",
                steady.sent, steady.latenciesMs.size(), steady.percentile(50), steady.percentile(99),
                steady.percentile(100));
    }

    record Result(int sent, List<Double> latenciesMs) {
        double percentile(int p) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
        }
    }

    private Result run(List<String> guilds, Invoker admin, int rate, Duration duration) {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long intervalNanos = 1_000_000_000L / rate;
        long count = duration.toSeconds() * rate;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            DiscordEvent warn = slash(guilds.get((int) (i % guilds.size())), admin, "warn", null,
                    member("user", snowflake()));
            sentAt.put(warn.id(), System.nanoTime());
            gateway.publish(warn);
        }
        gateway.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            Long answered = null;
            while (answered == null && System.nanoTime() < deadline) {
                answered = gateway.receivedAtNanos(ActionPublisher.actionId(sent.getKey(), "reply"));
                if (answered == null) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            if (answered != null) {
                latencies.add((answered - sent.getValue()) / 1e6);
            }
        }
        return new Result((int) count, latencies);
    }
}
