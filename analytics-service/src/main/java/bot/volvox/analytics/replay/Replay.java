package bot.volvox.analytics.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.analytics.commands.CommandUsage;
import bot.volvox.analytics.engagement.ActivityConsumer;
import bot.volvox.analytics.engagement.ActivityStore.Delivered;
import bot.volvox.analytics.voice.VoiceSessions;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.ActionResultDeserializer;
import bot.volvox.platform.kafka.DiscordEventDeserializer;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Rebuilds everything this service derives from Kafka ({@code user_stats}, {@code reputation},
 * {@code channel_activity}, {@code voice_sessions}, {@code command_usage}; not {@code member_joins}, whose rows are
 * keyed by the join itself and so never doubled) from the retained topics, through the same code as live ingestion:
 *
 * <ol>
 * <li>this replica's consumers of those topics are paused (other replicas must be scaled away first: README);</li>
 * <li>the five tables, this service's claims in {@code processed_events} and its partitions' marks in
 * {@code analytics_applied_offsets} are emptied, in one transaction that
 * first waits for the batches still running (its table lock);</li>
 * <li>{@code discord.message}, {@code discord.reaction} and {@code discord.voice}, from their beginning to their end
 * at that moment, merged in the order they were published ({@link RetainedRecords}: the order live consumers saw
 * them; active days, cooldowns and levels depend on it), are applied in batches of up to 1,000 messages and reactions
 * (a batch in event-time order, as live), each voice event on its own; level-ups are not acted on again;</li>
 * <li>every service's result topic ({@code discord.action-result.<service>}) likewise into {@code command_usage};</li>
 * <li>the consumers resume from their committed offsets: what they read again is at or below the
 * marks the replay left, or finds its claims or rows.</li>
 * </ol>
 * Records the live consumers dead-lettered are skipped here too. Settings are today's, not those of the events' time.
 */
@ApplicationScoped
public class Replay {
    private static final Logger LOG = Logger.getLogger(Replay.class);
    static final List<String> LIVE_CHANNELS = List.of("messages", "reactions", "voice", "action-results");
    static final int BATCH = 1000;
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(2);

    public record Report(long activityEvents, long voiceEvents, long actionResults, long unreadable, long millis) {
    }

    @Inject
    ChannelRegistry channels;
    @Inject
    Pool pool;
    @Inject
    ActivityConsumer activity;
    @Inject
    VoiceSessions voice;
    @Inject
    CommandUsage commandUsage;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicBoolean running = new AtomicBoolean();

    /** Blocking (Kafka's client and the waits): call it on a worker thread. */
    public Report rebuild() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a replay is already running");
        }
        long started = System.nanoTime();
        List<PausableChannel> paused = new ArrayList<>();
        try {
            for (String name : LIVE_CHANNELS) {
                PausableChannel channel = channels.getPausable(name);
                if (channel == null) {
                    throw new IllegalStateException("channel " + name + " is not pausable");
                }
                channel.pause();
                paused.add(channel);
            }
            empty();
            long[] counts = replayEvents();
            long[] results = replayResults();
            Report report = new Report(counts[0], counts[1], results[0], counts[2] + results[1],
                    (System.nanoTime() - started) / 1_000_000);
            LOG.infof("Replay done: %s", report);
            return report;
        } finally {
            paused.forEach(PausableChannel::resume);
            running.set(false);
        }
    }

    private void empty() {
        // DELETE, not TRUNCATE: the services' database role is granted row privileges only
        pool.withTransaction(connection -> connection.query("""
                LOCK TABLE user_stats, reputation, voice_sessions, command_usage, channel_activity
                  IN SHARE ROW EXCLUSIVE MODE""")
                .execute()
                .flatMap(ignored -> connection.query("DELETE FROM user_stats").execute())
                .flatMap(ignored -> connection.query("DELETE FROM reputation").execute())
                .flatMap(ignored -> connection.query("DELETE FROM voice_sessions").execute())
                .flatMap(ignored -> connection.query("DELETE FROM command_usage").execute())
                .flatMap(ignored -> connection.query("DELETE FROM channel_activity").execute())
                .flatMap(ignored -> connection.query("""
                        DELETE FROM processed_events
                         WHERE consumer IN ('analytics-service:activity', 'analytics-service:voice')""").execute())
                .flatMap(ignored -> connection.query("""
                        DELETE FROM analytics_applied_offsets WHERE consumer = 'analytics-service:activity'""")
                        .execute()))
                .await().atMost(APPLY_TIMEOUT);
    }

    /** Returns activity events, voice events, unreadable records. */
    private long[] replayEvents() {
        DiscordEventDeserializer deserializer = new DiscordEventDeserializer();
        long activityEvents = 0;
        long voiceEvents = 0;
        // with their offsets: a replay batch moves the partitions' marks as a live batch does, so the consumers,
        // resumed from their committed offsets, skip what the replay applied
        try (RetainedRecords<Delivered> records = new RetainedRecords<>(bootstrapServers,
                List.of(Topics.MESSAGE, Topics.REACTION, Topics.VOICE), record -> {
                    DiscordEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    return event == null ? null
                            : new Delivered(event, record.topic(), record.partition(), record.offset());
                })) {
            List<Delivered> batch = new ArrayList<>();
            for (Delivered delivered = records.next(); delivered != null; delivered = records.next()) {
                if (Topics.VOICE.equals(delivered.topic())) {
                    applyActivity(batch);
                    voice.replay(delivered.event()).await().atMost(APPLY_TIMEOUT);
                    voiceEvents++;
                } else {
                    batch.add(delivered);
                    activityEvents++;
                    if (batch.size() == BATCH) {
                        applyActivity(batch);
                    }
                }
            }
            applyActivity(batch);
            return new long[] { activityEvents, voiceEvents, records.unreadable() };
        }
    }

    private void applyActivity(List<Delivered> batch) {
        if (!batch.isEmpty()) {
            activity.replay(List.copyOf(batch)).await().atMost(APPLY_TIMEOUT);
            batch.clear();
        }
    }

    /** Returns action results, unreadable records. */
    private long[] replayResults() {
        ActionResultDeserializer deserializer = new ActionResultDeserializer();
        long count = 0;
        try (RetainedRecords<ActionResult> records = new RetainedRecords<>(bootstrapServers,
                Topics.ACTION_RESULTS,
                record -> deserializer.deserialize(record.topic(), record.headers(), record.value()))) {
            for (ActionResult result = records.next(); result != null; result = records.next()) {
                commandUsage.replay(result).await().atMost(APPLY_TIMEOUT);
                count++;
            }
            return new long[] { count, records.unreadable() };
        }
    }
}
