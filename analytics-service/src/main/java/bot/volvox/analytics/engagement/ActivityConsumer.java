package bot.volvox.analytics.engagement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads {@code discord.message} and {@code discord.reaction} in batches (channels {@code messages} and
 * {@code reactions}) into {@code user_stats} and {@code reputation}, exactly once: see {@link ActivityStore}.
 *
 * <p>A record that cannot be read (not JSON, an unknown type: SmallRye hands it over without a payload) or that
 * lacks the ids it is counted by is nacked on its own, so the channel's dead-letter strategy (platform's
 * {@code DeadLetterUnlessStopping}) writes it to {@code <topic>.dlq} with the reason, and the rest of the batch goes
 * on. When a batch fails for a reason that is not a dependency being away, its records are applied one by one, so
 * only the one at fault is dead-lettered.
 */
@ApplicationScoped
public class ActivityConsumer {
    private static final Logger LOG = Logger.getLogger(ActivityConsumer.class);

    @Inject
    GuildConfigs configs;
    @Inject
    ActivityStore store;
    @Inject
    MeterRegistry registry;

    @Incoming("messages")
    public Uni<Void> onMessages(KafkaRecordBatch<String, DiscordEvent> batch) {
        return handle(batch);
    }

    @Incoming("reactions")
    public Uni<Void> onReactions(KafkaRecordBatch<String, DiscordEvent> batch) {
        return handle(batch);
    }

    Uni<Void> handle(KafkaRecordBatch<String, DiscordEvent> batch) {
        long started = System.nanoTime();
        List<KafkaRecord<String, DiscordEvent>> readable = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, DiscordEvent> record : batch.getRecords()) {
            String problem = problem(record.getPayload());
            if (problem == null) {
                readable.add(record);
            } else {
                rejected.add(Uni.createFrom().completionStage(() -> record.nack(new IllegalArgumentException(problem))));
            }
        }
        return Multi.createFrom().iterable(rejected).onItem().transformToUniAndConcatenate(uni -> uni)
                .collect().asList()
                .chain(() -> ingest(events(readable))
                        .onFailure(failure -> !TransientFailures.isTransient(failure))
                        .recoverWithUni(failure -> {
                            LOG.warnf("A batch of %d records failed (%s); applying them one by one", readable.size(),
                                    failure.toString());
                            return oneByOne(readable);
                        }))
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .invoke(() -> measure(batch.getRecords().size(), System.nanoTime() - started));
    }

    /** {@code volvox_analytics_activity_batch_seconds} (count, sum, max) and the records they carried. */
    private void measure(int records, long nanos) {
        Timer.builder("volvox.analytics.activity.batch").description("Message and reaction batches applied")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("volvox.analytics.activity.records").description("Records in applied batches")
                .register(registry).increment(records);
    }

    private Uni<Void> oneByOne(List<KafkaRecord<String, DiscordEvent>> records) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> ingest(List.of(delivered(record)))
                        .onFailure(failure -> !TransientFailures.isTransient(failure))
                        .recoverWithUni(failure -> Uni.createFrom().completionStage(() -> record.nack(failure))))
                .collect().last().replaceWithVoid();
    }

    Uni<Void> ingest(List<ActivityStore.Delivered> events) {
        return ingest(events, true);
    }

    /**
     * Applies retained events again (a replay): the records the live consumer dead-lettered are skipped, and no
     * level-up is acted on twice.
     */
    public Uni<Void> replay(List<ActivityStore.Delivered> events) {
        return ingest(events.stream().filter(d -> problem(d.event()) == null).toList(), false);
    }

    /** Reads the guilds' settings, then applies the events in one transaction, retried while a dependency is away. */
    private Uni<Void> ingest(List<ActivityStore.Delivered> events, boolean requestLevelUps) {
        List<ActivityStore.Delivered> countable = events.stream().filter(d -> Activity.countable(d.event())).toList();
        if (countable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> guilds = new TreeSet<>();
        countable.forEach(d -> guilds.add(d.event().guildId()));
        return TransientFailures.retried(Uni.createFrom().deferred(() -> settings(guilds)
                .flatMap(settings -> store.apply(countable, settings, requestLevelUps))));
    }

    private Uni<Map<String, GuildConfig>> settings(Set<String> guilds) {
        Map<String, GuildConfig> settings = new LinkedHashMap<>();
        return Multi.createFrom().iterable(guilds)
                .onItem().transformToUniAndConcatenate(guild -> configs.settings(guild)
                        .invoke(config -> settings.put(guild, config)))
                .collect().last().replaceWith(settings);
    }

    private static List<ActivityStore.Delivered> events(List<KafkaRecord<String, DiscordEvent>> records) {
        return records.stream().map(ActivityConsumer::delivered).toList();
    }

    private static ActivityStore.Delivered delivered(KafkaRecord<String, DiscordEvent> record) {
        IncomingKafkaRecordMetadata<?, ?> metadata = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a Kafka record without its offset"));
        return new ActivityStore.Delivered(record.getPayload(), metadata.getTopic(), metadata.getPartition(),
                metadata.getOffset());
    }

    /** Why a record cannot be counted, or null when it can (events this service ignores can). */
    static String problem(DiscordEvent event) {
        if (event == null || event.payload() == null) {
            return "unreadable record (no payload)";
        }
        if (event.occurredAt() == null) {
            return "occurredAt is null";
        }
        if (event.payload() instanceof EventPayload.MessageCreated created) {
            EventPayload.Message message = created.message();
            if (message == null || message.messageId() == null || message.author() == null
                    || message.author().id() == null) {
                return "message.created without message id or author id";
            }
        } else if (event.payload() instanceof EventPayload.ReactionAdded reaction
                && (reaction.userId() == null || reaction.messageId() == null)) {
            return "reaction.added without user id or message id";
        }
        return null;
    }
}
