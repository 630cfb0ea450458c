package bot.volvox.ai.triage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.ai.chat.ChannelModes;
import bot.volvox.ai.chat.VibeAnswers;
import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Vibe mode's per-channel buffers (spec §3.1 accumulation, §3.2): every message of a vibe channel that is not
 * addressed to the bot is buffered (and stored in {@code conversations}); a trigger word evaluates the buffer at once,
 * any other message (re)arms the channel's timer, whose delay shrinks as the buffer fills (≤ 1 message:
 * {@code triage.defaultInterval}; 2–4: half; ≥ 5: a fifth). One evaluation per channel runs at a time; a message
 * arriving during it marks the channel for one more (at most 3 in a row). The evaluation: gratitude shortcut,
 * budget, cooldown, the classify call with its confidence gate ({@link Triage}), then at most
 * {@code triage.maxResponsesPerEval} answers, each replying to its resolved target message ({@link VibeAnswers}).
 *
 * <p>One replica at a time holds a channel's buffer: {@code discord.message} is keyed by guild, so the consumer group
 * gives each guild's partition to one replica. When partitions move ({@link VibeRebalance}) every buffer is dropped
 * and rebuilt on the channel's next message from {@code conversations}: the channel's user rows of the last
 * {@link #IDLE} after its last assistant row that no evaluation or answer has claimed in {@code processed_events}.
 * Every evaluated message is claimed there (answer, ❤️ or silence), so two replicas that briefly both hold a channel
 * during a rebalance never answer one message twice.
 */
@ApplicationScoped
public class VibeChannels {
    private static final Logger LOG = Logger.getLogger(VibeChannels.class);
    /** Spec §3.2: at most 100 tracked channels; channels idle longer are dropped first. */
    static final int MAX_CHANNELS = 100;
    static final Duration IDLE = Duration.ofMinutes(30);
    /** Spec §3.2 {@code evaluateNow}: at most this many evaluations in a row for messages that came in meanwhile. */
    static final int MAX_DEPTH = 3;

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    GuildConfigs configs;
    @Inject
    Triage triage;
    @Inject
    VibeAnswers answers;
    @Inject
    ModerationFlag moderationFlag;
    @Inject
    ServiceIdentity identity;

    /** A buffered message, enough to classify it and to answer it. */
    public record Entry(String guildId, Message message) {
        String id() {
            return message.messageId();
        }

        String author() {
            return message.author().globalName() != null ? message.author().globalName()
                    : message.author().username();
        }
    }

    /** Orders snowflakes: by length, then digits. */
    static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing((Entry e) -> e.id().length())
            .thenComparing(Entry::id);

    private final Map<String, Buffer> buffers = new ConcurrentHashMap<>();

    static final class Buffer {
        final String guildId;
        final String channelId;
        final Uni<Void> rebuilt;
        final List<Entry> entries = new ArrayList<>();
        long timer = -1;
        boolean evaluating;
        boolean pending;
        Instant active = Instant.now();

        Buffer(String guildId, String channelId, Function<Buffer, Uni<Void>> rebuild) {
            this.guildId = guildId;
            this.channelId = channelId;
            this.rebuilt = rebuild.apply(this).memoize().indefinitely();
        }

        /** Adds {@code entry}, or replaces the one with its id (the delivered message knows more than its row). */
        synchronized void add(Entry entry, int max) {
            entries.removeIf(e -> e.id().equals(entry.id()));
            entries.add(entry);
            entries.sort(OLDEST_FIRST);
            while (entries.size() > max) {
                LOG.warnf("Vibe buffer of channel %s is full (%d): dropping its oldest message", channelId, max);
                entries.remove(0);
            }
            active = Instant.now();
        }
    }

    /** The dynamic debounce (spec §3.2): the fuller the buffer, the sooner it is evaluated. */
    static long delayMillis(int buffered, int baseMillis) {
        if (buffered <= 1) {
            return baseMillis;
        }
        return Math.max(1, Math.round(buffered <= 4 ? baseMillis / 2.0 : baseMillis / 5.0));
    }

    /**
     * Buffers an accumulated message (already stored in {@code conversations}) and evaluates its channel now (trigger
     * word) or after the debounce delay.
     */
    public Uni<Void> accumulate(String guildId, Message message, GuildConfig config) {
        Buffer buffer = buffers.computeIfAbsent(message.channelId(), channel -> {
            evictIdle();
            return new Buffer(guildId, channel, this::rebuild);
        });
        return buffer.rebuilt.onFailure().invoke(() -> buffers.remove(message.channelId(), buffer)).invoke(() -> {
            buffer.add(new Entry(guildId, message), config.triage().maxBufferSize());
            if (Triage.triggered(config.triage(), message.content())) {
                evaluateNow(buffer, 0);
            } else {
                arm(buffer, config);
            }
        });
    }

    /** How many messages the channel's buffer holds (0 when this replica holds none). */
    public int buffered(String channelId) {
        Buffer buffer = buffers.get(channelId);
        if (buffer == null) {
            return 0;
        }
        synchronized (buffer) {
            return buffer.entries.size();
        }
    }

    /** Drops every buffer and timer: the channels are rebuilt from the database by whichever replica gets them. */
    public void dropAll() {
        List.copyOf(buffers.keySet()).forEach(this::clear);
    }

    /** Channel mode off or blocked (spec §3.1): the buffer is cleared. */
    public void clear(String channelId) {
        Buffer buffer = buffers.remove(channelId);
        if (buffer != null) {
            synchronized (buffer) {
                if (buffer.timer >= 0) {
                    vertx.cancelTimer(buffer.timer);
                }
            }
        }
    }

    private void evictIdle() {
        Instant idleSince = Instant.now().minus(IDLE);
        buffers.entrySet().removeIf(e -> e.getValue().active.isBefore(idleSince) && !e.getValue().evaluating);
        while (buffers.size() >= MAX_CHANNELS) {
            buffers.entrySet().stream().min(Comparator.comparing(e -> e.getValue().active))
                    .ifPresent(oldest -> clear(oldest.getKey()));
        }
    }

    private void arm(Buffer buffer, GuildConfig config) {
        synchronized (buffer) {
            if (buffer.timer >= 0) {
                vertx.cancelTimer(buffer.timer);
            }
            long delay = delayMillis(buffer.entries.size(), config.triage().defaultInterval());
            buffer.timer = vertx.setTimer(delay, id -> {
                synchronized (buffer) {
                    if (buffer.timer == id) {
                        buffer.timer = -1;
                    }
                }
                evaluateNow(buffer, 0);
            });
        }
    }

    private void evaluateNow(Buffer buffer, int depth) {
        List<Entry> snapshot;
        synchronized (buffer) {
            if (buffer.timer >= 0) {
                vertx.cancelTimer(buffer.timer);
                buffer.timer = -1;
            }
            if (buffer.entries.isEmpty()) {
                return;
            }
            if (buffer.evaluating) {
                buffer.pending = true;
                return;
            }
            buffer.evaluating = true;
            snapshot = List.copyOf(buffer.entries);
        }
        TransientFailures.retried(Uni.createFrom().deferred(() -> evaluate(buffer, snapshot)))
                .subscribe().with(done -> evaluated(buffer, snapshot, depth), failure -> {
                    LOG.errorf(failure, "Vibe evaluation of channel %s failed; its %d messages stay unanswered",
                            buffer.channelId, snapshot.size());
                    evaluated(buffer, snapshot, depth);
                });
    }

    private void evaluated(Buffer buffer, List<Entry> snapshot, int depth) {
        boolean again;
        synchronized (buffer) {
            Set<String> evaluatedIds = snapshot.stream().map(Entry::id).collect(Collectors.toSet());
            buffer.entries.removeIf(entry -> evaluatedIds.contains(entry.id()));
            buffer.evaluating = false;
            again = buffer.pending && depth + 1 < MAX_DEPTH;
            buffer.pending = false;
        }
        if (again) {
            evaluateNow(buffer, depth + 1);
        }
    }

    /** Spec §3.2 {@code evaluateAndRespond}, for one snapshot of the buffer. */
    Uni<Void> evaluate(Buffer buffer, List<Entry> snapshot) {
        Entry newest = snapshot.get(snapshot.size() - 1);
        return configs.settings(buffer.guildId).flatMap(config -> {
            ChannelModes.Mode mode = ChannelModes.mode(config.ai(), buffer.channelId,
                    newest.message().parentChannelId());
            if (!config.ai().enabled() || mode != ChannelModes.Mode.VIBE || !config.triage().enabled()) {
                return silence(buffer, snapshot);
            }
            Uni<Boolean> thanked = Triage.gratitude(newest.message().content())
                    ? triage.respondedRecently(buffer.channelId) : Uni.createFrom().item(false);
            return thanked.flatMap(yes -> {
                if (yes) {
                    return answers.heart(event(newest), newest.message())
                            .flatMap(ignored -> silence(buffer, snapshot.subList(0, snapshot.size() - 1)));
                }
                return answers.withinBudget(buffer.guildId, config).flatMap(allowed -> !allowed
                        ? silence(buffer, snapshot)
                        : triage.classify(buffer.guildId, buffer.channelId, newest.message().author().id(), config,
                                prompt(snapshot))
                                .flatMap(verdict -> verdict.isEmpty() ? silence(buffer, snapshot)
                                        : respond(buffer, snapshot, config, verdict.get())));
            });
        });
    }

    private Uni<Void> respond(Buffer buffer, List<Entry> snapshot, GuildConfig config, Verdict verdict) {
        if (verdict.moderates()) {
            // spec §2.10: the flag for a human, and the in-channel nudges (not capped); no enforcement
            List<Entry> flagged = ModerationFlag.flagged(snapshot, verdict);
            Uni<Void> nudged = moderationFlag.post(buffer.guildId, buffer.channelId, snapshot, config, verdict);
            for (Entry target : flagged) {
                nudged = nudged.flatMap(ignored -> answers.answer(event(target), target.message(), config));
            }
            return nudged.flatMap(ignored -> silence(buffer, snapshot.stream()
                    .filter(entry -> !flagged.contains(entry)).toList()));
        }
        List<Entry> targets = targets(snapshot, verdict, config.triage().maxResponsesPerEval());
        List<Entry> others = snapshot.stream().filter(entry -> !targets.contains(entry)).toList();
        Uni<Void> answered = Uni.createFrom().voidItem();
        for (Entry target : targets) {
            answered = answered.flatMap(ignored -> answers.answer(event(target), target.message(), config));
        }
        return answered.flatMap(ignored -> silence(buffer, others));
    }

    /**
     * Spec §3.2 step 12: the verdict's target ids that are in the snapshot, else the newest buffered message; at most
     * {@code max}.
     */
    static List<Entry> targets(List<Entry> snapshot, Verdict verdict, int max) {
        List<Entry> named = snapshot.stream().filter(entry -> verdict.targetMessageIds().contains(entry.id()))
                .limit(max).toList();
        return named.isEmpty() ? List.of(snapshot.get(snapshot.size() - 1)) : named;
    }

    /** Spec §3.2 step 3: {@code [HH:MM:SS] [<messageId>] <author> (<@id>): text}, one line per buffered message. */
    static String prompt(List<Entry> snapshot) {
        StringBuilder lines = new StringBuilder();
        for (Entry entry : snapshot) {
            Instant at = entry.message().createdAt() != null ? entry.message().createdAt() : Instant.now();
            lines.append('[').append(at.toString(), 11, 19).append("] [").append(entry.id()).append("] ")
                    .append(entry.author()).append(" (<@").append(entry.message().author().id()).append(">): ")
                    .append(entry.message().content()).append('\n');
        }
        return lines.toString();
    }

    private static DiscordEvent event(Entry entry) {
        return DiscordEvent.of(entry.id(), entry.message().createdAt() != null ? entry.message().createdAt()
                : Instant.now(), entry.guildId(), new EventPayload.MessageCreated(entry.message()));
    }

    /**
     * Evaluated and not answered: each message's claim records a silent outcome in one statement, so neither a
     * redelivery nor a rebuilt buffer evaluates it again.
     */
    private Uni<Void> silence(Buffer buffer, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = entries.stream().map(Entry::id).toArray(String[]::new);
        return pool.preparedQuery("""
                INSERT INTO processed_events (consumer, event_id, outcome)
                SELECT $1, id, jsonb_build_object('guildId', $3::text, 'channelId', $4::text, 'replyTo', id,
                         'chunks', '[]'::jsonb, 'answer', false)
                  FROM unnest($2::text[]) AS id
                ON CONFLICT (consumer, event_id) DO NOTHING""")
                .execute(Tuple.of(identity.name(), ids, buffer.guildId, buffer.channelId))
                .replaceWithVoid();
    }

    /**
     * A channel's buffer after it moved to this replica (or after a restart): its user rows of the last
     * {@link #IDLE} after its last assistant row, no claimed one (evaluated or answered already).
     */
    private Uni<Void> rebuild(Buffer buffer) {
        return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery("""
                SELECT c.discord_message_id, c.user_id, c.username, c.content, c.created_at FROM conversations c
                 WHERE c.channel_id = $1 AND c.role = 'user' AND c.discord_message_id IS NOT NULL
                   AND c.created_at > now() - make_interval(mins => $3)
                   AND c.created_at > COALESCE((SELECT max(a.created_at) FROM conversations a
                                                 WHERE a.channel_id = $1 AND a.role = 'assistant'), '-infinity')
                   AND NOT EXISTS (SELECT 1 FROM processed_events p
                                    WHERE p.consumer = $2 AND p.event_id = c.discord_message_id)
                 ORDER BY c.created_at DESC, c.id DESC LIMIT $4""")
                .execute(Tuple.of(buffer.channelId, identity.name(), (int) IDLE.toMinutes(), 100))))
                .invoke(rows -> {
                    for (Row row : rows) {
                        buffer.add(new Entry(buffer.guildId, stored(buffer.channelId, row)), 100);
                    }
                    if (rows.size() > 0) {
                        LOG.infof("Vibe buffer of channel %s rebuilt from conversations: %d messages",
                                buffer.channelId, rows.size());
                    }
                })
                .replaceWithVoid();
    }

    private static Message stored(String channelId, Row row) {
        String userId = Optional.ofNullable(row.getString("user_id")).orElse("0");
        return new Message(channelId, row.getString("discord_message_id"),
                new EventPayload.Author(userId, row.getString("username"), null, false, false),
                row.getString("content"), List.of(), List.of(), List.of(), false, null, null, List.of(),
                row.getOffsetDateTime("created_at").toInstant(), null);
    }
}
