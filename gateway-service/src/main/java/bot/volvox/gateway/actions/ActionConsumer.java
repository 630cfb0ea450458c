package bot.volvox.gateway.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.kafka.ProcessedEvents;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * {@code discord.action} → Discord → the requester's {@code discord.action-result.<origin.service>}, read twice:
 * interaction answers by group {@code gateway-service-answers}, every other action by group {@code gateway-service}.
 * An action whose origin names no domain service is dead-lettered unrun: its result would have no topic and no
 * reader. Each actionId runs
 * at most once across replicas and redeliveries (a claim in {@code processed_events}); a repeat runs nothing and
 * re-publishes the first outcome (marked {@code replayed}). The record is acked only after its outcome is stored and
 * published; an action that cannot even be read goes to {@code discord.action.dlq} (platform defaults).
 */
@ApplicationScoped
public class ActionConsumer {
    private static final Logger LOG = Logger.getLogger(ActionConsumer.class);
    static final String CONSUMER = "gateway-service";
    static final String RESULTS_CHANNEL = "action-results";

    @Inject
    ProcessedEvents processed;

    @Inject
    ActionExecutor executor;

    /** Declares this bean as the channel's producer, so SmallRye creates and configures the channel's sink. */
    @Inject
    @Channel(RESULTS_CHANNEL)
    MutinyEmitter<ActionResult> results;

    @Inject
    KafkaClientService kafka;

    @Inject
    RecordTracing tracing;

    @Inject
    MeterRegistry registry;

    /**
     * The longest an action can take (Discord's retries and rate-limit waits included). A repeat that finds the action
     * claimed by another replica, without an outcome yet, waits this long from the claim before calling it interrupted.
     */
    @ConfigProperty(name = "volvox.gateway.actions.max-run-time", defaultValue = "PT60S")
    Duration maxRunTime;

    private static final Duration OUTCOME_POLL = Duration.ofMillis(200);

    /** Actions this replica is executing now, so that a redelivery waits for and repeats their outcome. */
    private final Map<String, CompletableFuture<ActionResult>> inFlight = new ConcurrentHashMap<>();

    /** Interaction answers (replies, follow-ups, edits of the original response, autocomplete choices). */
    @ConfigProperty(name = "volvox.gateway.actions.interaction-concurrency", defaultValue = "8")
    int interactionConcurrency;

    /** Every other action: messages, DMs, roles, bans, purges. */
    @ConfigProperty(name = "volvox.gateway.actions.concurrency", defaultValue = "8")
    int otherConcurrency;

    /**
     * Actions a lane accepts beyond those it runs; a full lane holds back the records after it in its own consumer
     * group. Small: a waiting record is unacknowledged, and the backlog is better kept in Kafka than in memory.
     */
    @ConfigProperty(name = "volvox.gateway.actions.queue", defaultValue = "32")
    int queue;

    private Lane interactions;
    private Lane others;

    @PostConstruct
    void startLanes() {
        interactions = new Lane("gateway-interaction-actions", interactionConcurrency, queue);
        others = new Lane("gateway-actions", otherConcurrency, queue);
    }

    @PreDestroy
    void stopLanes() {
        interactions.stop();
        others.stop();
    }

    /**
     * Every action except interaction answers, in consumer group {@code gateway-service}: messages, DMs, roles, bans,
     * purges. These wait on Discord's global budget (50/s) and on 429s; their backlog stays in this group's lag and
     * never holds up an answer, which {@link #onInteractionAnswer} reads in a group of its own.
     */
    @Incoming("discord-actions")
    @Blocking // waits only while the lane is full
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onAction(Message<DiscordAction> record) {
        DiscordAction action = record.getPayload();
        if (action == null) { // a record that is not an action: its deserialization failure is the dead letter's reason
            return record.nack(new IllegalArgumentException("discord.action record is not a readable action"));
        }
        if (answersAnInteraction(action)) {
            return record.ack(); // group gateway-service-answers runs it
        }
        if (Topics.actionResultsOf(requester(action)).isEmpty()) {
            return record.nack(unaddressed(action));
        }
        return runInLane(others, action, record);
    }

    /**
     * Interaction answers (replies, follow-ups, edits of the original response, autocomplete choices) from the same
     * topic in consumer group {@code gateway-service-answers}: Discord does not count them against its global limit,
     * so a moderator's answer never queues behind a burst of DMs, however long (a backlog of thousands of DMs and
     * #mod-log posts held every answer behind it while both shared one group). Unreadable records are dead-lettered
     * by group {@code gateway-service} only, so each has one dead letter.
     */
    @Incoming("discord-interaction-answers")
    @Blocking // waits only while the lane is full
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onInteractionAnswer(Message<DiscordAction> record) {
        DiscordAction action = record.getPayload();
        if (action == null || !answersAnInteraction(action)) {
            return record.ack();
        }
        if (Topics.actionResultsOf(requester(action)).isEmpty()) {
            return record.nack(unaddressed(action));
        }
        return runInLane(interactions, action, record);
    }

    /**
     * Hands the action to the lane and takes the next record at once. Actions run side by side, so their order is not
     * kept: a requester that needs one action done before the next waits for the first one's result, as every service
     * does (DM, then ban, then case). The record is acked once its outcome is published; until then it counts against
     * the Kafka connector's commit, so a crash redelivers it (and the claim makes the repeat harmless).
     */
    private CompletionStage<Void> runInLane(Lane lane, DiscordAction action, Message<DiscordAction> record) {
        Context trace = Context.current(); // the record's consumer span, for the result's record
        try {
            lane.run(() -> {
                try (Scope ignored = trace.makeCurrent()) {
                    handle(action);
                    record.ack();
                } catch (RuntimeException e) {
                    record.nack(e);
                }
            });
        } catch (RuntimeException stopping) {
            return record.nack(stopping);
        }
        return CompletableFuture.completedFuture(null);
    }

    private static String requester(DiscordAction action) {
        return action.origin() == null ? null : action.origin().service();
    }

    private static IllegalArgumentException unaddressed(DiscordAction action) {
        return new IllegalArgumentException("action " + action.actionId() + " was not run: its origin.service ("
                + requester(action) + ") must name the requesting service, one of "
                + OwningService.domainServices().stream().map(OwningService::serviceName).toList()
                + ", whose result topic gets the outcome");
    }

    static boolean answersAnInteraction(DiscordAction action) {
        return action.params() instanceof ActionParams.InteractionReply
                || action.params() instanceof ActionParams.InteractionFollowup
                || action.params() instanceof ActionParams.AutocompleteChoices;
    }

    void handle(DiscordAction action) {
        String key = action.actionId().toString();
        CompletableFuture<ActionResult> mine = new CompletableFuture<>();
        CompletableFuture<ActionResult> running = inFlight.putIfAbsent(key, mine);
        ActionResult result;
        if (running != null) {
            result = running.join().asReplay(); // the same action redelivered while this replica still runs it
        } else {
            try {
                result = claimAndRun(action, key);
                mine.complete(result);
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(key);
            }
        }
        // Straight to the producer SmallRye configured for the channel: its per-message pipeline cost more CPU than the
        // send itself (RecordTracing). The result continues the action's trace (its consumer span is current here).
        Producer<String, ActionResult> producer = kafka.<String, ActionResult> getProducer(RESULTS_CHANNEL).unwrap();
        var sent = tracing.send(producer, new ProducerRecord<>(result.topic(), result.key(), result), Context.current());
        Uni.createFrom().completionStage(sent).await().indefinitely();
        registry.counter("volvox.gateway.actions.executed", "kind", action.kind().name(), "status",
                result.status().name(), "replayed", Boolean.toString(result.replayed())).increment();
    }

    /** A fixed number of threads and a bounded number of actions waiting for them. */
    static final class Lane {
        private final Semaphore room;
        private final ExecutorService threads;

        Lane(String name, int concurrency, int queue) {
            room = new Semaphore(concurrency + queue);
            AtomicInteger number = new AtomicInteger();
            threads = Executors.newFixedThreadPool(concurrency, task -> {
                Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        void run(Runnable task) {
            room.acquireUninterruptibly();
            try {
                threads.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        room.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                room.release();
                throw stopping;
            }
        }

        void stop() {
            threads.shutdownNow();
        }
    }

    private ActionResult claimAndRun(DiscordAction action, String key) {
        ProcessedEvents.Claim claim = TransientFailures.retried(processed.claim(CONSUMER, key)).await().indefinitely();
        if (claim.first()) {
            ActionResult result = execute(action);
            // a repeat that gave up waiting may have stored "interrupted" first: one id, one outcome, the first
            return TransientFailures.retried(processed.recordOutcome(CONSUMER, key, json(result))).await().indefinitely()
                    .map(earlier -> read(earlier).asReplay()).orElse(result);
        }
        // Another replica claimed it: wait while it may still be running (its outcome then answers this repeat too).
        Instant giveUp = claim.claimedAt().plus(maxRunTime);
        while (claim.outcome() == null && Instant.now().isBefore(giveUp)) {
            LockSupport.parkNanos(OUTCOME_POLL.toNanos());
            claim = TransientFailures.retried(processed.claim(CONSUMER, key)).await().indefinitely();
        }
        if (claim.outcome() != null) {
            return read(claim.outcome()).asReplay();
        }
        // Claimed but never finished: the replica died mid-action, and Discord may or may not have done it.
        if (repeatable(action)) {
            LOG.infof("Action %s %s was interrupted on another replica; repeating it (it is idempotent)",
                    action.kind(), action.actionId());
            ActionResult repeated = execute(action);
            return TransientFailures.retried(processed.recordOutcome(CONSUMER, key, json(repeated))).await()
                    .indefinitely().map(earlier -> read(earlier).asReplay()).orElse(repeated);
        }
        // Any other action runs at most once, so the requester is told instead of the action being repeated.
        ActionResult interrupted = ActionResult.failed(action, ActionStatus.FAILED_TRANSIENT, null,
                "Interrupted: the gateway stopped while executing this action; it was not repeated", 0);
        return TransientFailures.retried(processed.recordOutcome(CONSUMER, key, json(interrupted))).await().indefinitely()
                .map(earlier -> read(earlier).asReplay()).orElse(interrupted);
    }

    /**
     * Whether making the action's Discord calls twice leaves what one call leaves: the answer that replaces a deferred
     * reply in one message (an edit of {@code @original}), a role added or removed, a nickname affixed (it checks the
     * name first), a slowmode set, a message edited.
     * Such an action, interrupted by a replica's death, is run again, so a command is still answered; every other
     * kind (a message or DM posted, a ban, a purge) could happen twice and is reported interrupted instead.
     */
    static boolean repeatable(DiscordAction action) {
        if (action.params() instanceof ActionParams.InteractionFollowup answer) {
            return answer.replacesDeferral() && ActionExecutor.messages(answer.body()).size() == 1;
        }
        if (action.params() instanceof ActionParams.InteractionReply answer) {
            return ActionExecutor.messages(answer.body()).size() == 1;
        }
        return switch (action.kind()) {
            case ADD_ROLE, REMOVE_ROLE, AFFIX_NICKNAME, SET_SLOWMODE, EDIT_MESSAGE, REGISTER_ALIAS, UNREGISTER_ALIAS -> true;
            default -> false;
        };
    }

    private ActionResult execute(DiscordAction action) {
        var attempts = new AtomicInteger();
        try {
            ActionExecutor.Outcome outcome = executor.execute(action, attempts);
            return outcome.purged() != null ? ActionResult.purged(action, outcome.purged(), attempts.get())
                    : ActionResult.ok(action, outcome.createdIds(), attempts.get());
        } catch (DiscordFailure.Permanent e) {
            LOG.infof("Action %s %s refused by Discord: %s %s", action.kind(), action.actionId(), e.code(),
                    e.getMessage());
            return ActionResult.failed(action, ActionStatus.FAILED, e.code(), e.getMessage(), attempts.get());
        } catch (DiscordFailure.Transient e) {
            LOG.warnf("Action %s %s failed after %d attempts: %s", action.kind(), action.actionId(), attempts.get(),
                    e.getMessage());
            return ActionResult.failed(action, ActionStatus.FAILED_TRANSIENT, e.code(), e.getMessage(),
                    attempts.get());
        } catch (RuntimeException e) {
            // JDA's own validation (a timeout beyond 28 days, an empty message, …) or a bug: retrying cannot help,
            // and the requester must hear about it rather than the action vanishing into the dead-letter topic.
            LOG.warnf(e, "Action %s %s could not be executed", action.kind(), action.actionId());
            return ActionResult.failed(action, ActionStatus.FAILED, null, String.valueOf(e.getMessage()),
                    attempts.get());
        }
    }

    private static String json(ActionResult result) {
        try {
            return VolvoxJson.MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ActionResult read(String json) {
        try {
            return VolvoxJson.MAPPER.readValue(json, ActionResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored outcome is not an ActionResult", e);
        }
    }
}
