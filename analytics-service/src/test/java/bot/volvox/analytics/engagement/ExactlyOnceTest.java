package bot.volvox.analytics.engagement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.engagement.ActivityStore.Delivered;
import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store under the deliveries Kafka can make after a crash or a rebalance: records delivered again (the same
 * batch, a replay from an earlier offset), overlapping batches applied at once by two consumers (two replicas during a
 * rebalance), and a batch that fails part way. Each test uses a topic name of its own, so its partition's high-water
 * mark is its own. Counts and XP must come out as if each message had been applied once.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ExactlyOnceTest extends AnalyticsTestBase {
    private static final Duration APPLY = Duration.ofSeconds(30);

    @Inject
    ActivityStore store;
    @Inject
    GuildConfigs configs;

    @Test
    void overlappingBatchesAppliedAgainAndAtOnceCountEachMessageOnce() {
        Fixture f = new Fixture(600);
        // first delivery of the first half (then a "crash" before the offset commit), and a redelivery of
        // everything as two overlapping batches applied concurrently, then the whole again
        f.apply(0, 300);
        var one = store.apply(f.delivered.subList(0, 450), f.settings).subscribeAsCompletionStage();
        var two = store.apply(f.delivered.subList(150, 600), f.settings).subscribeAsCompletionStage();
        CompletableFuture.allOf(one, two).join();
        f.apply(0, 600);

        f.assertEachCountedOnce(600);
    }

    @Test
    void aReplayFromAnEarlierOffsetAddsNothing() {
        Fixture f = new Fixture(500);
        for (int from = 0; from < 500; from += 100) {
            f.apply(from, from + 100);
        }
        // the group's committed offset was behind (offsets are committed after the transaction, throttled): the
        // consumer starts again at 120 and reads batches that straddle the old batch boundaries
        f.apply(120, 370);
        f.apply(370, 500);
        // the last batch again, as a new owner of the partition reading from an offset committed before it
        f.apply(400, 500);

        f.assertEachCountedOnce(500);
        assertThat(count("SELECT applied_offset FROM analytics_applied_offsets WHERE topic = $1", f.topic))
                .isEqualTo(f.offset(499));
    }

    @Test
    void aBatchThatFailsPartWayLeavesItsMarkAndItsRecordsAreAppliedOnTheirOwn() {
        Fixture f = new Fixture(100);
        f.apply(0, 40);
        // a record whose user id no index accepts fails the whole transaction, as the consumer's batch would
        StringBuilder incompressible = new StringBuilder();
        while (incompressible.length() < 100_000) {
            incompressible.append(UUID.randomUUID());
        }
        DiscordEvent bad = message(f.guild, incompressible.toString(), "a message no index accepts", Instant.now());
        f.delivered.set(60, new Delivered(bad, f.topic, 0, f.offset(60)));
        assertThatThrownBy(() -> f.apply(40, 100)).isNotNull();
        f.assertEachCountedOnce(40);
        assertThat(count("SELECT applied_offset FROM analytics_applied_offsets WHERE topic = $1", f.topic))
                .isEqualTo(f.offset(39));

        // the consumer then applies the failed batch's records one by one; the one at fault is dead-lettered
        for (int i = 40; i < 100; i++) {
            if (i == 60) {
                assertThatThrownBy(() -> f.apply(60, 61)).isNotNull();
            } else {
                f.apply(i, i + 1);
            }
        }
        // and the whole batch is delivered again (a crash before the offset commit)
        f.apply(40, 100);
        f.assertEachCountedOnce(99);
    }

    @Test
    void theFirstBatchOfAPartitionWithoutAMarkSkipsWhatTheOldPerMessageClaimsApplied() {
        Fixture f = new Fixture(100);
        // applied before the upgrade to marks: claimed per message, counted, Kafka's offset not yet committed
        f.apply(0, 30);
        rows("DELETE FROM analytics_applied_offsets WHERE topic = $1", f.topic);
        rows("INSERT INTO processed_events (consumer, event_id) SELECT 'analytics-service:activity', id "
                + "FROM unnest($1::text[]) AS id", (Object) f.delivered.subList(0, 30).stream()
                .map(d -> d.event().id()).toArray(String[]::new));
        // the first batch after the upgrade starts at the committed offset, below what was applied
        f.apply(10, 60);
        f.apply(60, 100);
        f.assertEachCountedOnce(100);
    }

    /** A guild with engagement and XP on, and N messages from three users on a partition of a topic of its own. */
    private final class Fixture {
        final String guild = DiscordEvents.guild();
        final String topic = "test.activity." + guild;
        final List<Delivered> delivered = new ArrayList<>();
        final Map<String, GuildConfig> settings;

        Fixture(int messages) {
            configure(guild, "engagement", "{\"enabled\": true}");
            configure(guild, "reputation", "{\"enabled\": true, \"xpCooldownSeconds\": 0}");
            settings = Map.of(guild, configs.settings(guild).await().atMost(APPLY));
            List<String> users = List.of(DiscordEvents.snowflake(), DiscordEvents.snowflake(),
                    DiscordEvents.snowflake());
            Instant start = Instant.now().minusSeconds(3600);
            for (int i = 0; i < messages; i++) {
                delivered.add(new Delivered(message(guild, users.get(i % users.size()),
                        "message number " + i + " for the test", start.plusSeconds(i)), topic, 0, offset(i)));
            }
        }

        /** Offsets with gaps, as a topic with transaction markers or dead-lettered records has. */
        long offset(int i) {
            return 1000 + 3L * i;
        }

        void apply(int from, int to) {
            store.apply(delivered.subList(from, to), settings).await().atMost(APPLY);
        }

        void assertEachCountedOnce(int messages) {
            assertThat(count("SELECT COALESCE(sum(messages_sent), 0) FROM user_stats WHERE guild_id = $1", guild))
                    .isEqualTo(messages);
            assertThat(count("SELECT COALESCE(sum(messages_count), 0) FROM reputation WHERE guild_id = $1", guild))
                    .isEqualTo(messages);
            assertThat(count("SELECT COALESCE(sum(xp), 0) FROM reputation WHERE guild_id = $1", guild))
                    .isEqualTo(expectedXp(messages));
        }

        /** The XP of the first {@code messages} countable messages (the one no index accepts is not among them). */
        private long expectedXp(int messages) {
            return delivered.stream().filter(d -> d.event().payload() instanceof
                    EventPayload.MessageCreated m && m.message().author().id().length() < 100)
                    .limit(messages).mapToLong(d -> Activity.xpFor(d.event().id(), 5, 15)).sum();
        }
    }
}
