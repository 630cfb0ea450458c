package bot.volvox.ai.chat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.ai.testing.PartitionedMessages;
import bot.volvox.ai.testing.SecondReplica;
import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.KafkaGateway;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark (tag {@code benchmark}, never run by the test command): {@code ./mvnw -B -ntp -pl ai-service
 * -Pbenchmarks -Dtest=MentionBenchmark -Dsurefire.failIfNoSpecifiedTests=false verify} prints mentions/s handled end
 * to end against the local model with a fixed 50 ms latency, first by one replica (this JVM), then by two (this JVM
 * and the packaged service as a second process, {@link SecondReplica}, same consumer group, {@code discord.message}
 * with {@link PartitionedMessages#PARTITIONS} partitions, mentions from {@link #GUILDS} guilds), and the overhead the
 * service adds (time from publishing the mention until its reply is on {@code discord.action}, minus the 50 ms),
 * beside a bare Kafka hop (publish an action, see it consumed) measured in the same run. Each mention has its own
 * channel and author, so the rate limits do not interfere. {@code -Dbench.rate}, {@code -Dbench.seconds},
 * {@code -Dbench.replicas=1} (skip the second replica).
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PartitionedMessages.class, restrictToAnnotatedClass = true)
@Tag("benchmark")
class MentionBenchmark {
    static final String BOT = "800000000000000042";
    static final Duration MODEL_LATENCY = Duration.ofMillis(50);
    static final int RATE = Integer.getInteger("bench.rate", 50);
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int REPLICAS = Integer.getInteger("bench.replicas", 2);
    static final int GUILDS = 8;

    @Inject
    ServiceIdentity identity;

    @Test
    void mentionsPerSecondAndOverhead() {
        KafkaGateway gateway = KafkaGateway.get();
        AnthropicLocal model = AnthropicLocalResource.server();
        model.reset();
        model.latency(MODEL_LATENCY);
        try {
            List<Long> hop = bareKafkaHop(gateway, 200);
            run("1 replica, warm-up", gateway, 20, 5);
            Result one = run("1 replica, measured", gateway, RATE, SECONDS);
            Result two = null;
            if (REPLICAS >= 2) {
                try (SecondReplica second = SecondReplica.start(BOT)) {
                    second.awaitMessagePartitionsSpreadOver(2);
                    run("2 replicas, warm-up", gateway, 20, 5);
                    two = run("2 replicas, measured", gateway, RATE, SECONDS);
                }
            }
            System.out.printf("[bench] bare Kafka hop (publish an action, see it consumed): p50 %.1f ms, p99 %.1f ms%n",
                    percentile(hop, 50) / 1e6, percentile(hop, 99) / 1e6);
            System.out.printf("[bench] overhead p99 / bare Kafka hop p99: 1 replica %.1f×%s%n",
                    one.overheadP99() / (double) percentile(hop, 99), two == null ? ""
                            : String.format(", 2 replicas %.1f×; 2 replicas / 1 replica: %.2f× mentions/s, %.2f×"
                                    + " overhead p99", two.overheadP99() / (double) percentile(hop, 99),
                                    two.perSecond() / one.perSecond(), two.overheadP99() / (double) one.overheadP99()));
            assertThat(one.answered()).isEqualTo(one.sent());
            if (two != null) {
                assertThat(two.answered()).isEqualTo(two.sent());
                assertThat(two.secondReplicaCalls()).as("the second replica answered its guilds").isPositive();
            }
        } finally {
            model.latency(Duration.ZERO);
        }
    }

    record Result(int sent, int answered, double perSecond, long overheadP99, long secondReplicaCalls) {
    }

    private Result run(String label, KafkaGateway gateway, int rate, int seconds) {
        int count = rate * seconds;
        List<String> guilds = java.util.stream.IntStream.range(0, GUILDS).mapToObj(i -> DiscordEvents.guild()).toList();
        int callsBefore = AnthropicLocalResource.server().requests().size();
        Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            DiscordEvent mention = DiscordEvents.message(guilds.get(i % GUILDS), DiscordEvents.snowflake(), DiscordEvents.snowflake(),
                    "<@" + BOT + "> bench " + i, List.of(BOT), List.of());
            UUID reply = ActionPublisher.actionId(identity, mention.id(), ReplyPlan.purpose(0));
            sentAt.put(reply, System.nanoTime());
            gateway.publish(mention);
        }
        long published = System.nanoTime();
        await().atMost(Duration.ofSeconds(60 + seconds)).pollInterval(Duration.ofMillis(50))
                .until(() -> sentAt.keySet().stream().allMatch(id -> gateway.receivedAtNanos(id) != null));
        long last = sentAt.keySet().stream().mapToLong(gateway::receivedAtNanos).max().orElseThrow();
        List<Long> overhead = new ArrayList<>();
        sentAt.forEach((id, at) -> overhead.add(gateway.receivedAtNanos(id) - at - MODEL_LATENCY.toNanos()));
        System.out.printf("%n[bench] %s: %d mentions offered at %d/s (published in %.1f s), all answered after %.1f s:"
                + " %.1f mentions/s; overhead (reply on discord.action minus %d ms model time) p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms; load average (1 min) %.1f on %d cores%n", label, count, rate, (published - start) / 1e9, (last - start) / 1e9,
                count / ((last - start) / 1e9), MODEL_LATENCY.toMillis(), percentile(overhead, 50) / 1e6,
                percentile(overhead, 99) / 1e6, percentile(overhead, 100) / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        long secondReplicaCalls = AnthropicLocalResource.server().requests().stream().skip(callsBefore)
                .filter(request -> SecondReplica.API_KEY.equals(request.apiKey())).count();
        if (secondReplicaCalls > 0) {
            System.out.printf("[bench] %s: %d of %d model calls from the second replica%n", label, secondReplicaCalls,
                    count);
        }
        return new Result(count, (int) sentAt.keySet().stream().filter(id -> gateway.receivedAtNanos(id) != null)
                .count(), count / ((last - start) / 1e9), percentile(overhead, 99), secondReplicaCalls);
    }

    /** Publish-to-consume time of single actions on discord.action, read by the same KafkaGateway. */
    private static List<Long> bareKafkaHop(KafkaGateway gateway, int count) {
        gateway.answering(false);
        try {
            Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
            String guild = DiscordEvents.guild();
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                DiscordAction action = DiscordAction.of(id, guild, null, new Origin("bench", id.toString()),
                        new ActionParams.SendMessage(DiscordEvents.CHANNEL_ID, ActionParams.MessageBody.text("hop"),
                                null));
                sentAt.put(id, System.nanoTime());
                gateway.publishRaw(Topics.ACTION, action.key(), action);
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sentAt.keySet().stream()
                    .allMatch(id -> gateway.receivedAtNanos(id) != null));
            List<Long> hops = new ArrayList<>();
            sentAt.forEach((id, at) -> hops.add(gateway.receivedAtNanos(id) - at));
            return hops;
        } finally {
            gateway.answering(true);
        }
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
