package bot.volvox.analytics.engagement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.analytics.testing.AnalyticsTestBase;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store itself under the deliveries Kafka can make after a crash or a rebalance: the same records applied again,
 * and overlapping batches applied at once by two consumers (two replicas during a rebalance). Counts and XP must come
 * out as if each message had been applied once.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class ExactlyOnceTest extends AnalyticsTestBase {
    @Inject
    ActivityStore store;
    @Inject
    GuildConfigs configs;

    @Test
    void overlappingBatchesAppliedAgainAndAtOnceCountEachMessageOnce() {
        String guild = DiscordEvents.guild();
        configure(guild, "engagement", "{\"enabled\": true}");
        configure(guild, "reputation", "{\"enabled\": true, \"xpCooldownSeconds\": 0}");
        var config = configs.settings(guild).await().atMost(Duration.ofSeconds(10));
        List<String> users = List.of(DiscordEvents.snowflake(), DiscordEvents.snowflake(), DiscordEvents.snowflake());
        List<DiscordEvent> events = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 600; i++) {
            events.add(message(guild, users.get(i % users.size()), "message number " + i + " for the test",
                    start.plusSeconds(i)));
        }
        int expectedXp = events.stream().mapToInt(e -> Activity.xpFor(e.id(), 5, 15)).sum();

        // first delivery of the first half (then a "crash" before the offset commit), and a redelivery of
        // everything as two overlapping batches applied concurrently, then the whole again
        store.apply(events.subList(0, 300), Map.of(guild, config)).await().atMost(Duration.ofSeconds(30));
        var one = store.apply(events.subList(0, 450), Map.of(guild, config)).subscribeAsCompletionStage();
        var two = store.apply(events.subList(150, 600), Map.of(guild, config)).subscribeAsCompletionStage();
        CompletableFuture.allOf(one, two).join();
        store.apply(events, Map.of(guild, config)).await().atMost(Duration.ofSeconds(30));

        assertThat(count("SELECT sum(messages_sent) FROM user_stats WHERE guild_id = $1", guild)).isEqualTo(600);
        assertThat(count("SELECT sum(messages_count) FROM reputation WHERE guild_id = $1", guild)).isEqualTo(600);
        assertThat(count("SELECT sum(xp) FROM reputation WHERE guild_id = $1", guild)).isEqualTo(expectedXp);
    }
}
