package bot.volvox.ai.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.ai.memory.MemoryStore;
import bot.volvox.ai.provider.AiFailure;
import bot.volvox.ai.provider.AiProviders;
import bot.volvox.ai.provider.Completion;
import bot.volvox.ai.provider.ModelRef;
import bot.volvox.ai.provider.Prompt;
import bot.volvox.ai.quiet.QuietMode;
import bot.volvox.ai.triage.Triage;
import bot.volvox.ai.triage.VibeChannels;
import bot.volvox.ai.usage.BudgetNotice;
import bot.volvox.ai.usage.UsageLog;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.contract.EventPayload.MessageCreated;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.ProcessedEvents;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Mention mode (spec §3.1 direct handling) on {@code discord.message}: in a channel whose mode is {@code mention} or
 * {@code vibe}, a message that mentions the bot or replies to one of its messages gets an answer from the guild's
 * model, as a reply to that message, split under 2000 characters. (Vibe mode's own triage is not built yet: a vibe
 * channel answers mentions and replies like a mention channel.)
 *
 * <p>Once per message: its event id is claimed in {@code processed_events} before anything else, and the reply is
 * stored as the claim's outcome before it is published ({@link ReplyPlan}); a redelivery re-publishes that outcome,
 * whose actions the gateway executes once. A redelivery that finds a claim without outcome waits for the first
 * delivery's outcome (then re-publishes it) until the claim is older than any call could take (it died mid-way),
 * then answers it itself: the record is not acknowledged before the message is answered.
 */
@ApplicationScoped
public class MentionConsumer {
    private static final Logger LOG = Logger.getLogger(MentionConsumer.class);
    /** The spec's buffer entry bound: longer messages are cut before they reach the model. */
    static final int MAX_INPUT = 1000;
    /** Longer than any answer can take (timeouts × attempts, database patience): past it, the record is dead-lettered. */
    static final Duration HANDLING_TIMEOUT = Duration.ofMinutes(10);
    /** How often a redelivery looks again for the outcome of a claim that another delivery holds. */
    static final Duration OUTCOME_POLL = Duration.ofSeconds(1);
    static final String SYSTEM_PROMPT = """
            You are Volvox, a friendly assistant in a Discord server. Answer the last message briefly and helpfully, \
            in plain Discord markdown. Never ping @everyone, @here or roles.""";
    static final String NOT_CONFIGURED = "⚠️ AI is not configured on this bot, so I can't answer. "
            + "(An administrator has to set a provider key, e.g. ANTHROPIC_API_KEY.)";
    static final String TROUBLE = "Sorry, I'm having trouble thinking right now. Try again in a moment!";
    static final String BUDGET = "⚠️ This server's daily AI budget is used up; I can answer again once older usage "
            + "leaves the last 24 hours.";
    static final String WORKING = "👀";
    static final String SLOW_DOWN = "⏳ Too many questions at once here; try again in %d s.";
    static final String EMPTY = "You mentioned me without a question: ask me something after the mention.";

    @Inject
    GuildConfigs configs;
    @Inject
    ProcessedEvents processed;
    @Inject
    ServiceIdentity identity;
    @Inject
    AiProviders providers;
    @Inject
    UsageLog usage;
    @Inject
    ConversationLog history;
    @Inject
    ActionPublisher actions;
    @Inject
    BotUser bot;
    @Inject
    SlidingWindowRateLimiter limiter;
    @Inject
    Triage triage;
    @Inject
    QuietMode quiet;
    @Inject
    BudgetNotice budgetNotice;
    @Inject
    MemoryStore memory;
    @Inject
    VibeChannels vibe;

    /**
     * Messages are handled concurrently on the {@code volvox-ai-messages} worker pool (its size is
     * {@code smallrye.messaging.worker.volvox-ai-messages.max-concurrency}): each waits tens of milliseconds or more
     * on the model, so one at a time would cap a replica at the inverse of one answer's latency. Offsets are committed
     * only up to the oldest unfinished record, and a record is acked only after its reply was published.
     */
    @Incoming("messages")
    @Blocking(value = "volvox-ai-messages", ordered = false)
    public void onMessage(DiscordEvent event) {
        handle(event).await().atMost(HANDLING_TIMEOUT);
    }

    Uni<Void> handle(DiscordEvent event) {
        if (!(event.payload() instanceof MessageCreated created) || event.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        Message message = created.message();
        if (message.author() == null || message.author().bot() || message.author().system()
                || message.webhookId() != null) {
            return Uni.createFrom().voidItem();
        }
        return TransientFailures.retried(Uni.createFrom().deferred(() -> configs.settings(event.guildId())))
                .flatMap(config -> route(config, message).flatMap(route -> switch (route) {
                    case NONE -> Uni.createFrom().voidItem();
                    case VIBE -> accumulate(event, message, config);
                    case DIRECT -> once(event, () -> answer(event, message, config, route));
                }));
    }

    /**
     * How a message is handled: not at all, answered (mention or reply), or buffered for vibe mode's evaluation
     * (§3.1–3.2), whose chosen targets are then answered like a mention but silently on refusals.
     */
    enum Route { NONE, DIRECT, VIBE }

    /**
     * Mentioned, or a reply to the bot, in an allowed channel whose mode is not off: direct. Otherwise, in a vibe
     * channel with triage enabled, every message goes to the channel's buffer ({@link VibeChannels}). Off clears the
     * channel's buffer.
     */
    private Uni<Route> route(GuildConfig config, Message message) {
        GuildConfig.Ai ai = config.ai();
        ChannelModes.Mode mode = ChannelModes.mode(ai, message.channelId(), message.parentChannelId());
        if (!ai.enabled() || mode == ChannelModes.Mode.OFF) {
            vibe.clear(message.channelId());
            return Uni.createFrom().item(Route.NONE);
        }
        if (!ChannelModes.allowed(ai, message.channelId(), message.parentChannelId())) {
            return Uni.createFrom().item(Route.NONE);
        }
        if (message.mentionedUserIds() != null && message.mentionedUserIds().contains(bot.id())) {
            return Uni.createFrom().item(Route.DIRECT);
        }
        Route fallback = mode == ChannelModes.Mode.VIBE && config.triage().enabled() ? Route.VIBE : Route.NONE;
        if (message.referencedMessageId() == null) {
            return Uni.createFrom().item(fallback);
        }
        return TransientFailures.retried(Uni.createFrom().deferred(
                () -> history.isAssistantMessage(message.referencedMessageId())))
                .map(toBot -> toBot ? Route.DIRECT : fallback);
    }

    /**
     * Spec §3.1 accumulation: unless the channel is quiet, a vibe channel's message (sanitized, cut at
     * {@link #MAX_INPUT}) goes to {@code conversations} and to the channel's buffer, which decides when to evaluate.
     * The record is acknowledged once the row is written: a replica that takes the channel over rebuilds the buffer
     * from those rows.
     */
    private Uni<Void> accumulate(DiscordEvent event, Message message, GuildConfig config) {
        String text = MessageText.truncate(MessageText.sanitize(message.content()), MAX_INPUT).strip();
        if (text.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Boolean> quietNow = config.quietMode().enabled() ? quiet.isQuiet(event.guildId(), message.channelId())
                : Uni.createFrom().item(false);
        Message buffered = new Message(message.channelId(), message.messageId(), message.author(), text,
                message.attachments(), message.mentionedUserIds(), message.mentionedRoleIds(),
                message.mentionsEveryone(), message.referencedMessageId(), message.webhookId(), message.memberRoleIds(),
                message.createdAt(), message.editedAt(), message.memberPermissions(), message.memberRoleNames(),
                message.parentChannelId());
        return quietNow.flatMap(silenced -> silenced ? Uni.createFrom().voidItem()
                : TransientFailures.retried(Uni.createFrom().deferred(() -> history.addUser(event.guildId(),
                        message.channelId(), text, username(message), message.messageId(), message.author().id())))
                        .flatMap(ignored -> vibe.accumulate(event.guildId(), buffered, config)));
    }

    /** A vibe evaluation's target (spec §3.2 step 12): answered once, like a mention but silent on refusals. */
    Uni<Void> answerVibeTarget(DiscordEvent event, Message message, GuildConfig config) {
        return once(event, () -> answer(event, message, config, Route.VIBE));
    }

    /** The gratitude shortcut of a vibe evaluation: ❤️ on the thanks, once. */
    Uni<Void> heart(DiscordEvent event, Message message) {
        return once(event, () -> finish(event, message, new ReplyPlan(event.guildId(), message.channelId(),
                message.messageId(), List.of(), false, "❤️")));
    }

    /** Below the guild's daily budget; at or above it, the once-an-hour notice (spec §3.5) and false. */
    Uni<Boolean> withinBudget(String guildId, GuildConfig config) {
        return TransientFailures.retried(Uni.createFrom().deferred(
                () -> usage.spend(guildId, config.triage().dailyBudgetUsd())))
                .flatMap(spend -> spend.level() != UsageLog.Budget.EXCEEDED ? Uni.createFrom().item(true)
                        : TransientFailures.retried(Uni.createFrom().deferred(
                                () -> budgetNotice.exceeded(guildId, config, spend))).replaceWith(false));
    }

    private static String username(Message message) {
        return message.author().globalName() != null ? message.author().globalName() : message.author().username();
    }

    /**
     * Runs {@code work} for the first delivery of {@code event}; a redelivery re-publishes the stored outcome, waiting
     * for it while the first delivery may still store it, and runs {@code work} itself once it took the abandoned claim
     * over. The take-over is one statement ({@link ProcessedEvents#claim(String, String, Duration)}), so of redeliveries
     * racing for an abandoned claim (two replicas after a rebalance, a redelivery and a retry) exactly one answers; the
     * others go on waiting for its outcome.
     */
    private Uni<Void> once(DiscordEvent event, java.util.function.Supplier<Uni<Void>> work) {
        String consumer = identity.name();
        return TransientFailures.retried(Uni.createFrom().deferred(
                () -> processed.claim(consumer, event.id(), abandonedAfter())))
                .flatMap(claim -> {
                    if (claim.first()) {
                        if (claim.takenOver()) {
                            LOG.infof("Message %s was claimed by a delivery that never answered it: answering it now",
                                    event.id());
                        }
                        return work.get();
                    }
                    if (claim.outcome() != null) {
                        return publish(event.id(), ReplyPlan.read(claim.outcome()));
                    }
                    // The first delivery may still be answering (another replica, before a rebalance) or may have
                    // died mid-way (a replica stopped while calling the model): acknowledging now would lose the
                    // message in the second case, so wait for its outcome, and answer it once the claim is abandoned.
                    LOG.debugf("Message %s is being answered by its first delivery: waiting for its outcome",
                            event.id());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(OUTCOME_POLL)
                            .flatMap(ignored -> once(event, work));
                });
    }

    /** Longer than any answer can take (every attempt timing out, and then some): a claim that old was abandoned. */
    private Duration abandonedAfter() {
        return providers.settings().timeout().multipliedBy(providers.settings().maxRetries() + 2L).plusSeconds(60);
    }

    /**
     * Quiet mode first (spec §3.1 direct handling steps 1–2): a mention that is a quiet-mode command is answered as
     * such; a quiet channel gets nothing.
     */
    private Uni<Void> answer(DiscordEvent event, Message message, GuildConfig config, Route route) {
        if (!config.quietMode().enabled()) {
            return respond(event, message, config, route);
        }
        boolean mentioned = message.mentionedUserIds() != null && message.mentionedUserIds().contains(bot.id());
        Uni<Optional<String>> command = route == Route.DIRECT && mentioned
                ? quiet.command(config, event.guildId(), message.channelId(), message.author().id(),
                        message.memberRoleIds(), MessageText.sanitize(withoutBotMention(message.content())))
                : Uni.createFrom().item(Optional.empty());
        return command.flatMap(reply -> reply.isPresent()
                ? finish(event, message, notice(event, message, reply.get()))
                : quiet.isQuiet(event.guildId(), message.channelId()).flatMap(quietNow -> quietNow
                        ? finish(event, message, silence(event, message))
                        : respond(event, message, config, route)));
    }

    /**
     * The gratitude shortcut (spec §3.2 step 1): a short thanks within a minute of the bot's last answer in the
     * channel gets ❤️, no model call. A vibe message that is neither a trigger nor such a thanks stays unanswered.
     */
    private Uni<Void> respond(DiscordEvent event, Message message, GuildConfig config, Route route) {
        String plain = MessageText.sanitize(withoutBotMention(message.content())).strip();
        Uni<Boolean> thanked = Triage.gratitude(plain) ? triage.respondedRecently(message.channelId())
                : Uni.createFrom().item(false);
        return thanked.flatMap(yes -> {
            if (yes) {
                return finish(event, message, new ReplyPlan(event.guildId(), message.channelId(),
                        message.messageId(), List.of(), false, "❤️"));
            }
            return evaluate(event, message, config, route);
        });
    }

    private Uni<Void> evaluate(DiscordEvent event, Message message, GuildConfig config, Route route) {
        String text = MessageText.truncate(MessageText.sanitize(withoutBotMention(message.content())), MAX_INPUT);
        String username = username(message);
        if (text.isBlank()) {
            return finish(event, message, route == Route.VIBE ? silence(event, message)
                    : notice(event, message, EMPTY));
        }
        // a vibe target is in conversations already (accumulated): not history, it is the question
        Uni<List<ConversationLog.Entry>> earlier = TransientFailures.retried(Uni.createFrom().deferred(
                () -> history.recent(message.channelId(), config.ai().historyLength(), config.ai().historyTTLDays())))
                .map(entries -> entries.stream().filter(entry -> !message.messageId().equals(entry.messageId()))
                        .toList());
        Uni<Void> stored = TransientFailures.retried(Uni.createFrom().deferred(() -> history.addUser(
                event.guildId(), message.channelId(), text, username, message.messageId(), message.author().id())));
        Uni<UsageLog.Spend> spent = TransientFailures.retried(Uni.createFrom().deferred(
                () -> usage.spend(event.guildId(), config.triage().dailyBudgetUsd())));
        Optional<ModelRef> model = providers.respondModel(config);
        // an unaddressed vibe message is never told why the bot stays silent
        java.util.function.Function<String, ReplyPlan> refusal = reason -> route == Route.VIBE
                ? silence(event, message) : notice(event, message, reason);
        if (model.isEmpty()) {
            return stored.flatMap(ignored -> finish(event, message, refusal.apply(NOT_CONFIGURED)));
        }
        String question = username + ": " + text;
        // independent round trips at once (history read, user row, budget), each on its own pooled connection
        return Uni.combine().all().unis(earlier, stored.replaceWith(Boolean.TRUE), spent).asTuple()
                .flatMap(before -> limited(event, message, config).flatMap(wait -> {
                    if (wait.isPresent()) {
                        return finish(event, message, refusal.apply(SLOW_DOWN.formatted(
                                Math.max(1, (wait.get().toMillis() + 999) / 1000))));
                    }
                    UsageLog.Spend spend = before.getItem3();
                    return spend.level() == UsageLog.Budget.EXCEEDED
                            ? TransientFailures.retried(Uni.createFrom().deferred(
                                    () -> budgetNotice.exceeded(event.guildId(), config, spend)))
                                    .flatMap(ignored -> finish(event, message, refusal.apply(BUDGET)))
                            : call(event, message, config, model.get(), before.getItem1(), question, route);
                }));
    }

    /**
     * The member's and the channel's sliding windows ({@code ai.rateLimit}), shared by the replicas: how long to wait
     * when either is full, else empty. Both are counted only when the member's allows the call.
     */
    private Uni<Optional<Duration>> limited(DiscordEvent event, Message message, GuildConfig config) {
        GuildConfig.AiRateLimit limit = config.ai().rateLimit();
        Duration window = Duration.ofSeconds(limit.windowSeconds());
        return limiter.tryAcquire("ai:calls:user:" + event.guildId() + ":" + message.author().id(), limit.userCalls(),
                window).flatMap(user -> !user.allowed() ? Uni.createFrom().item(Optional.of(user.retryAfter()))
                        : limiter.tryAcquire("ai:calls:channel:" + message.channelId(), limit.channelCalls(), window)
                                .map(channel -> channel.allowed() ? Optional.<Duration>empty()
                                        : Optional.of(channel.retryAfter())));
    }

    private Uni<Void> call(DiscordEvent event, Message message, GuildConfig config, ModelRef model,
            List<ConversationLog.Entry> past, String question, Route route) {
        List<Prompt.Turn> turns = new ArrayList<>(ConversationLog.turns(past));
        if (!turns.isEmpty() && !turns.get(turns.size() - 1).assistant()) {
            turns.set(turns.size() - 1, new Prompt.Turn(false, turns.get(turns.size() - 1).text() + "\n" + question));
        } else {
            turns.add(new Prompt.Turn(false, question));
        }
        Duration timeout = Duration.ofMillis(config.triage().timeout());
        String userId = message.author().id();
        String name = question.substring(0, Math.max(0, question.indexOf(':')));
        // 👀 goes out while the model works: the call does not wait for Kafka to take the reaction
        Uni<ReplyPlan> answered = memory.context(userId, name, question)
                .map(known -> new Prompt(known.isEmpty() ? SYSTEM_PROMPT : SYSTEM_PROMPT + "\n\n" + known, turns,
                        providers.settings().maxTokens()))
                .flatMap(prompt -> usage.metered(event.guildId(), message.channelId(), "respond",
                        message.author().id(), model, () -> providers.complete(model, prompt, timeout, true)))
                .map(completion -> plan(event, message, completion))
                .onFailure(AiFailure.class).recoverWithItem(failure -> {
                    AiFailure ai = (AiFailure) failure;
                    LOG.warnf("No answer for message %s: %s (%s)", event.id(), ai.kind(), ai.getMessage());
                    // nobody asked the bot in a vibe channel: it stays silent there
                    return route == Route.VIBE ? silence(event, message)
                            : notice(event, message, ai.kind() == AiFailure.Kind.NOT_CONFIGURED ? NOT_CONFIGURED
                                    : TROUBLE);
                });
        return Uni.combine().all().unis(status(event, message, config, true).replaceWith(Boolean.TRUE), answered)
                .asTuple()
                .map(working -> working.getItem2())
                .flatMap(plan -> finish(event, message, plan)
                        .call(() -> Uni.combine().all().unis(
                                plan.answer() ? triage.responded(message.channelId(), config)
                                        : Uni.createFrom().voidItem(),
                                plan.answer() ? memory.remember(userId, question, String.join("\n", plan.chunks()))
                                        : Uni.createFrom().voidItem(),
                                status(event, message, config, false)).discardItems()));
    }

    /**
     * The status reaction (spec §3.2 step 8, {@code triage.statusReactions}): 👀 on the message while the model
     * works, removed once the answer is out. Derived action ids, so a redelivery requests the same two.
     */
    private Uni<Void> status(DiscordEvent event, Message message, GuildConfig config, boolean working) {
        if (!config.triage().statusReactions()) {
            return Uni.createFrom().voidItem();
        }
        ActionParams params = working
                ? new ActionParams.AddReaction(message.channelId(), message.messageId(), WORKING)
                : new ActionParams.RemoveReaction(message.channelId(), message.messageId(), WORKING);
        return TransientFailures.retried(Uni.createFrom().deferred(() -> actions.publish(event.guildId(), event.id(),
                working ? "status:working" : "status:done", null, params)));
    }

    private static ReplyPlan plan(DiscordEvent event, Message message, Completion completion) {
        List<String> chunks = MessageText.split(MessageText.sanitize(completion.text()), MessageText.CHUNK);
        if (chunks.isEmpty()) {
            return new ReplyPlan(event.guildId(), message.channelId(), message.messageId(), List.of(TROUBLE), false);
        }
        return new ReplyPlan(event.guildId(), message.channelId(), message.messageId(), chunks, true);
    }

    /** Nothing to send: recorded all the same, so a redelivery does not evaluate the message again. */
    private static ReplyPlan silence(DiscordEvent event, Message message) {
        return new ReplyPlan(event.guildId(), message.channelId(), message.messageId(), List.of(), false);
    }

    private static ReplyPlan notice(DiscordEvent event, Message message, String text) {
        return new ReplyPlan(event.guildId(), message.channelId(), message.messageId(), List.of(text), false);
    }

    /** Stores the plan as the claim's outcome (the first stored wins), then publishes the stored one. */
    private Uni<Void> finish(DiscordEvent event, Message message, ReplyPlan plan) {
        return TransientFailures.retried(Uni.createFrom().deferred(
                () -> processed.recordOutcome(identity.name(), event.id(), plan.json())))
                .flatMap(earlier -> publish(event.id(), earlier.map(ReplyPlan::read).orElse(plan)));
    }

    private Uni<Void> publish(String sourceId, ReplyPlan plan) {
        return TransientFailures.retried(Uni.createFrom().deferred(
                () -> actions.publishAll(plan.actions(actions, sourceId))));
    }

    private String withoutBotMention(String content) {
        if (content == null) {
            return "";
        }
        return content.replace("<@" + bot.id() + ">", "").replace("<@!" + bot.id() + ">", "").strip();
    }
}
