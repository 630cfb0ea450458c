package bot.volvox.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A local Discord: REST API v10 and gateway v10 on one port, with a demo guild, so that the real JDA client can
 * connect to it (see the module's README.md). Tests and the demo CLI act as guild members through this class or its
 * {@code /sandbox} HTTP API, and read back what the bot did.
 *
 * <p>Users and channels may be given as snowflakes or as demo names ({@code alice}, {@code general}).
 */
public final class DiscordSandbox implements AutoCloseable {
    /** Default port of the standalone sandbox ({@code ./volvox demo} talks to it). */
    public static final int DEFAULT_PORT = 58080;
    private static final int HEARTBEAT_INTERVAL_MS = 41250;

    /** A message as the sandbox stores it. Embeds, components and allowed mentions are raw JSON (or null). */
    public record SandboxMessage(String id, String channelId, String authorId, String content, Instant timestamp,
                                 Instant editedAt, int flags, String embeds, String components,
                                 Map<String, List<String>> reactions, String allowedMentions,
                                 boolean fromBot) {
    }

    /** A member as the sandbox sees it; {@code inGuild} is false after a kick, ban or leave. */
    public record MemberState(String userId, String username, boolean inGuild, String nick, List<String> roles,
                              Instant timeoutUntil, String voiceChannelId, boolean banned, String banReason) {

        public boolean timedOut(Instant now) {
            return timeoutUntil != null && timeoutUntil.isAfter(now);
        }
    }

    /** The longest a caller waits for the sandbox's context to run one act. */
    private static final Duration CONFINED_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    /** The guild this instance acts in; {@link #inGuild} gives the others. */
    private final SandboxState state;
    private final List<SandboxState> guilds;
    private final Gateway gateway;
    private final CallLog callLog;
    private final RestApi rest;
    private final SandboxVerticle verticle;

    private DiscordSandbox(Vertx vertx, List<SandboxState> guilds, SandboxState state, Gateway gateway,
                           CallLog callLog, RestApi rest, SandboxVerticle verticle) {
        this.vertx = vertx;
        this.guilds = guilds;
        this.state = state;
        this.gateway = gateway;
        this.callLog = callLog;
        this.rest = rest;
        this.verticle = verticle;
        gateway.setGatewayUrl(gatewayUrl());
        rest.setGatewayUrl(gatewayUrl());
    }

    /** Starts a sandbox on 127.0.0.1; port 0 picks a free port. */
    public static DiscordSandbox start(int port) {
        return start(port, 1);
    }

    /**
     * Starts a sandbox serving {@code guildCount} guilds (see {@link #guilds()}); their ids fall on consecutive
     * shards, so a bot with up to {@code guildCount} shards has guilds on every shard. This instance acts in guild 0.
     */
    public static DiscordSandbox start(int port, int guildCount) {
        if (guildCount < 1) {
            throw new IllegalArgumentException("A sandbox serves at least one guild, not " + guildCount);
        }
        Snowflakes snowflakes = new Snowflakes();
        List<JsonObject> globalCommands = new ArrayList<>();
        List<SandboxState> guilds = new ArrayList<>();
        for (int i = 0; i < guildCount; i++) {
            guilds.add(new SandboxState(i, snowflakes, globalCommands));
        }
        SandboxState state = guilds.get(0);
        Gateway gateway = new Gateway(guilds, HEARTBEAT_INTERVAL_MS);
        guilds.forEach(guild -> guild.setDispatcher(gateway));
        CallLog callLog = new CallLog();
        RestApi rest = new RestApi(guilds, callLog);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        SandboxVerticle verticle = new SandboxVerticle(port, rest, gateway);
        try {
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("Interrupted while starting the Discord sandbox", e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("Discord sandbox could not listen on 127.0.0.1:" + port, e);
        }
        DiscordSandbox sandbox = new DiscordSandbox(vertx, List.copyOf(guilds), state, gateway, callLog, rest,
                verticle);
        verticle.serveSandboxApi(new SandboxHttpApi(sandbox, callLog));
        return sandbox;
    }

    /**
     * Runs {@code action} on the sandbox's context, where the state lives, and returns its result: at once when
     * already there (REST, gateway and /sandbox handlers), else by handing it over and waiting.
     */
    <T> T confined(Supplier<T> action) {
        if (verticle.isOnContext()) {
            return action.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        verticle.runOnContext(() -> {
            try {
                result.complete(action.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CONFINED_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Discord sandbox", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The Discord sandbox did not answer within " + CONFINED_TIMEOUT, e);
        }
    }

    void confinedRun(Runnable action) {
        confined(() -> {
            action.run();
            return null;
        });
    }

    public int port() {
        return verticle.port();
    }

    public String restBaseUrl() {
        return "http://127.0.0.1:" + port() + RestApi.PREFIX;
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + port() + "/";
    }

    /** Base URL of the {@code /sandbox} HTTP API. */
    public String sandboxApiUrl() {
        return "http://127.0.0.1:" + port() + "/sandbox";
    }

    /** The web page: the demo guild live, acting as any demo user, the bot's calls beside it. */
    public String webPageUrl() {
        return "http://127.0.0.1:" + port() + "/sandbox/ui/";
    }

    public String botToken() {
        return state.botToken;
    }

    /** The variables that point the gateway service (and the bot's client id) at this sandbox instead of Discord. */
    public Map<String, String> serviceEnvironment() {
        return Map.of(
                "DISCORD_TOKEN", botToken(),
                "DISCORD_CLIENT_ID", demo().applicationId(),
                "DISCORD_API_BASE_URL", restBaseUrl(),
                "DISCORD_GATEWAY_URL", gatewayUrl());
    }

    public DemoGuild demo() {
        return state.demo;
    }

    /** Every guild the sandbox serves, guild 0 first: each has its own demo users, channels and roles. */
    public List<DemoGuild> guilds() {
        return guilds.stream().map(guild -> guild.demo).toList();
    }

    /**
     * The same sandbox acting in guild {@code index}: demo names ({@code alice}, {@code general}) mean that guild's
     * users and channels. Faults, the call log, the clock, {@link #reset} and {@link #close} are the sandbox's.
     */
    public DiscordSandbox inGuild(int index) {
        if (index < 0 || index >= guilds.size()) {
            throw new IllegalArgumentException("The sandbox serves guilds 0.." + (guilds.size() - 1) + ", not "
                    + index);
        }
        return new DiscordSandbox(vertx, guilds, guilds.get(index), gateway, callLog, rest, verticle);
    }

    // ---------------------------------------------------------------- acting as users

    /** Posts a message as {@code user} in {@code channel}; returns the message id. */
    public String sendMessage(String user, String channel, String content) {
        return confined(() -> {
            long userId = userId(user);
            Entities.Channel target = state.requireChannel(channelId(channel));
            if (!target.isDm()) {
                state.requireMember(userId);
                if ((state.permissions.inChannel(userId, target) & Permissions.SEND_MESSAGES) == 0) {
                    throw new IllegalStateException(user + " may not send messages in #" + target.name());
                }
            }
            return Long.toString(state.createMessage(target.id(), userId, new JsonObject().put("content", content),
                    null, 0, true).id());
        });
    }

    /**
     * Puts a message by {@code user} into {@code channel}'s history as if sent at {@code sentAt} (its id carries that
     * time, as Discord's do; the past predates every gateway session, so no event is dispatched), with files of these
     * names attached. Returns the message id. For history that bots fetch, e.g. messages older than 14 days.
     */
    public String postPastMessage(String user, String channel, String content, Instant sentAt,
            List<String> attachmentFileNames) {
        return confined(() -> {
            long userId = userId(user);
            Entities.Channel target = state.requireChannel(channelId(channel));
            if (!target.isDm()) {
                state.requireMember(userId);
            }
            return Long.toString(state.createPastMessage(target.id(), userId, content, sentAt,
                    List.copyOf(attachmentFileNames)).id());
        });
    }

    /** Sends a DM from {@code user} to the bot; returns the message id. */
    public String sendDirectMessage(String user, String content) {
        return confined(() -> {
            Entities.Channel dm = state.dmChannel(userId(user));
            return Long.toString(state.createMessage(dm.id(), userId(user), new JsonObject().put("content", content),
                    null, 0, true).id());
        });
    }

    public void editMessage(String messageId, String content) {
        confinedRun(() -> {
            Entities.Message message = requireMessage(messageId);
            state.editMessage(message, new JsonObject().put("content", content));
        });
    }

    public void deleteMessage(String messageId) {
        confinedRun(() -> {
            state.deleteMessage(requireMessage(messageId));
        });
    }

    /** Adds a reaction; {@code emoji} is a unicode emoji or {@code name:id} for a custom one. */
    public void react(String user, String messageId, String emoji) {
        confinedRun(() -> {
            state.addReaction(requireMessage(messageId), userId(user), emoji);
        });
    }

    public void unreact(String user, String messageId, String emoji) {
        confinedRun(() -> {
            state.removeReaction(requireMessage(messageId), userId(user), emoji);
        });
    }

    /** Joins (or moves to) a voice channel. */
    public void joinVoice(String user, String voiceChannel) {
        confinedRun(() -> {
            state.setVoiceChannel(userId(user), channelId(voiceChannel));
        });
    }

    public void leaveVoice(String user) {
        confinedRun(() -> {
            state.setVoiceChannel(userId(user), null);
        });
    }

    /**
     * A user joins the guild: an existing user id or demo name re-joins (e.g. after a kick), any other name creates
     * a new user. Returns the user id.
     */
    public String memberJoin(String userOrNewName) {
        return confined(() -> {
            Entities.User user = findUser(userOrNewName).orElse(null);
            if (user == null) {
                user = state.createUser(userOrNewName);
            }
            if (state.bans.containsKey(user.id())) {
                throw new IllegalStateException(user.username() + " is banned from the guild");
            }
            if (!state.members.containsKey(user.id())) {
                state.addMember(user);
            }
            return Long.toString(user.id());
        });
    }

    public void memberLeave(String user) {
        confinedRun(() -> {
            state.removeMember(userId(user));
        });
    }

    /**
     * Runs a slash command as {@code user} in {@code channel}. {@code command} is the name, optionally followed by a
     * subcommand (and group), e.g. {@code "warn"} or {@code "config set"}. Option types come from the command the
     * bot registered; unregistered options are typed from their values (numbers, booleans, users, roles,
     * channels). Returns the interaction id.
     */
    public String runSlashCommand(String user, String channel, String command, Map<String, ?> options) {
        return confined(() -> {
            return Long.toString(SlashCommands.dispatchSlash(this, state, userId(user), channelId(channel), command,
                    options == null ? Map.of() : options, null).id);
        });
    }

    /** Sends an autocomplete interaction (type 4) with {@code focusedOption} focused. */
    public String autocomplete(String user, String channel, String command, Map<String, ?> options,
                               String focusedOption) {
        return confined(() -> {
            return Long.toString(SlashCommands.dispatchSlash(this, state, userId(user), channelId(channel), command,
                    options == null ? Map.of() : options, focusedOption).id);
        });
    }

    /** Presses a button the bot put on a message; returns the interaction id. */
    public String pressButton(String user, String messageId, String customId) {
        return confined(() -> {
            return Long.toString(SlashCommands.dispatchComponent(state, userId(user), requireMessage(messageId),
                    customId, null).id);
        });
    }

    /** Picks values in a string select menu the bot put on a message; returns the interaction id. */
    public String selectMenu(String user, String messageId, String customId, List<String> values) {
        return confined(() -> {
            return Long.toString(SlashCommands.dispatchComponent(state, userId(user), requireMessage(messageId),
                    customId, values).id);
        });
    }

    /** Submits a modal with text-input values by custom id; returns the interaction id. */
    public String submitModal(String user, String channel, String customId, Map<String, String> values) {
        return confined(() -> {
            return Long.toString(SlashCommands.dispatchModal(state, userId(user), channelId(channel), customId,
                    values).id);
        });
    }

    // ---------------------------------------------------------------- reading what the bot did

    /** Every REST call so far, oldest first. */
    public List<RecordedCall> calls() {
        return confined(callLog::all);
    }

    /** REST calls with {@code seq} greater than {@code afterSeq}. */
    public List<RecordedCall> callsSince(long afterSeq) {
        return confined(() -> callLog.since(afterSeq));
    }

    /**
     * The calls after {@code afterSeq}, waiting up to {@code timeout} for the first one when there are none yet (a
     * long poll: the demo CLI follows the bot's calls with it instead of polling).
     */
    public List<RecordedCall> awaitCallsSince(long afterSeq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Void> nextCall = new CompletableFuture<>();
            List<RecordedCall> calls = confined(() -> {
                List<RecordedCall> since = callLog.since(afterSeq);
                if (since.isEmpty()) {
                    callLog.onNextCall(() -> nextCall.complete(null));
                }
                return since;
            });
            long remainingNanos = deadline - System.nanoTime();
            if (!calls.isEmpty() || remainingNanos <= 0) {
                return calls;
            }
            awaitQuietly(nextCall, remainingNanos);
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> event, long timeoutNanos) throws InterruptedException {
        try {
            event.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException ignored) {
            // the caller's deadline decides what a timeout means
        }
    }

    /** Sequence number of the latest call (0 if none): a mark to read {@link #callsSince} from. */
    public long lastCallSeq() {
        return confined(callLog::lastSeq);
    }

    /** Waits for the first recorded call matching {@code predicate}; throws if none arrives in time. */
    public RecordedCall awaitCall(Predicate<RecordedCall> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                CompletableFuture<Void> nextCall = new CompletableFuture<>();
                List<RecordedCall> calls = confined(() -> {
                    callLog.onNextCall(() -> nextCall.complete(null));
                    return callLog.all();
                });
                for (RecordedCall call : calls) {
                    if (predicate.test(call)) {
                        return call;
                    }
                }
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0) {
                    throw new AssertionError("No matching REST call within " + timeout + "; calls were:\n"
                            + String.join("\n", calls.stream().map(call -> call.method() + " " + call.path() + " -> "
                            + call.status()).toList()));
                }
                awaitQuietly(nextCall, remainingNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a REST call", e);
        }
    }

    public void clearCalls() {
        confinedRun(callLog::clear);
    }

    /** Messages in a channel, oldest first. */
    public List<SandboxMessage> messages(String channel) {
        return confined(() -> {
            List<SandboxMessage> oldestFirst = new ArrayList<>(state.channelMessagesNewestFirst(channelId(channel))
                    .stream().map(this::toSandboxMessage).toList());
            Collections.reverse(oldestFirst);
            return oldestFirst;
        });
    }

    /** Messages the bot sent to a user in DMs (and the user's own DMs to the bot), oldest first. */
    public List<SandboxMessage> directMessages(String user) {
        return confined(() -> {
            long userId = userId(user);
            List<SandboxMessage> result = new ArrayList<>();
            for (Entities.Channel channel : state.channels.values()) {
                if (channel.isDm() && channel.recipientId() == userId) {
                    state.messages.values().stream().filter(message -> message.channelId() == channel.id())
                            .map(this::toSandboxMessage).forEach(result::add);
                }
            }
            return result;
        });
    }

    public Optional<SandboxMessage> message(String messageId) {
        return confined(() -> {
            return Optional.ofNullable(state.anyMessage(Long.parseLong(messageId))).map(this::toSandboxMessage);
        });
    }

    /** Banned user ids with their audit-log reason ("" if none). */
    public Map<String, String> bans() {
        return confined(() -> {
            Map<String, String> bans = new LinkedHashMap<>();
            state.bans.forEach((userId, reason) -> bans.put(Long.toString(userId), reason == null ? "" : reason));
            return bans;
        });
    }

    public MemberState member(String user) {
        return confined(() -> {
            long userId = userId(user);
            Entities.User known = state.requireUser(userId);
            Entities.Member member = state.members.get(userId);
            Long voice = state.voiceChannelOfUser.get(userId);
            List<String> roles = member == null ? List.of() : member.roles().stream().map(String::valueOf).toList();
            return new MemberState(Long.toString(userId), known.username(), member != null,
                    member == null ? null : member.nick(), roles, member == null ? null : member.timeoutUntil(),
                    voice == null ? null : Long.toString(voice), state.bans.containsKey(userId),
                    state.bans.get(userId));
        });
    }

    public InteractionState interaction(String interactionId) {
        return confined(() -> {
            Interaction interaction = state.interactions.get(Long.parseLong(interactionId));
            if (interaction == null) {
                throw new IllegalArgumentException("Unknown interaction " + interactionId);
            }
            return interaction.snapshot();
        });
    }

    /** A file attached to a message: its attachment id, name and bytes. */
    public record SandboxFile(String id, String filename, byte[] data) {
    }

    /** The files of the bot's answer to an interaction (its original response, then its follow-ups). */
    public List<SandboxFile> answerFiles(String interactionId) {
        return confined(() -> {
            Interaction interaction = state.interactions.get(Long.parseLong(interactionId));
            if (interaction == null) {
                throw new IllegalArgumentException("Unknown interaction " + interactionId);
            }
            List<Long> messageIds = new ArrayList<>();
            if (interaction.originalMessageId != null) {
                messageIds.add(interaction.originalMessageId);
            }
            interaction.followups.forEach(followup -> messageIds.add(Long.parseLong(followup.messageId())));
            List<SandboxFile> files = new ArrayList<>();
            for (long messageId : messageIds) {
                Entities.Message message = state.anyMessage(messageId);
                if (message == null) {
                    continue;
                }
                for (Object entry : message.attachmentsJson()) {
                    JsonObject attachment = (JsonObject) entry;
                    byte[] data = state.attachmentData.get(Long.parseLong(attachment.getString("id")));
                    files.add(new SandboxFile(attachment.getString("id"), attachment.getString("filename"),
                            data == null ? new byte[0] : data));
                }
            }
            return files;
        });
    }

    /** Commands the bot registered (global, then guild), as Discord returns them. */
    public List<String> registeredCommandNames() {
        return confined(() -> {
            List<String> names = new ArrayList<>();
            state.globalCommands.forEach(command -> names.add(command.getString("name")));
            state.guildCommands.forEach(command -> names.add(command.getString("name")));
            return names;
        });
    }

    JsonArray registeredCommandsJson() {
        return confined(() -> {
            JsonArray commands = new JsonArray();
            state.globalCommands.forEach(commands::add);
            state.guildCommands.forEach(commands::add);
            return commands;
        });
    }

    /** The sandbox clock (real time plus {@link #advanceClock}). */
    public Instant now() {
        return confined(state::now);
    }

    // ---------------------------------------------------------------- faults and control

    /**
     * The next {@code times} calls matching {@code method} (null = any) and {@code pathRegex} (matched against the
     * path below /api/v10/, e.g. {@code channels/\d+/messages}) are answered 429 with {@code retry_after}.
     */
    public void rateLimitNext(String method, String pathRegex, Duration retryAfter, int times) {
        confinedRun(() -> rest.faults().add(new Faults.Fault(method, pathRegex, 429, retryAfter.toMillis() / 1000.0,
                times)));
    }

    /** The next matching call fails once with {@code status} (e.g. 500, or 502 which JDA retries itself). */
    public void failNext(String method, String pathRegex, int status) {
        failNext(method, pathRegex, status, 1);
    }

    /** The next {@code times} matching calls fail with {@code status}. */
    public void failNext(String method, String pathRegex, int status, int times) {
        confinedRun(() -> rest.faults().add(new Faults.Fault(method, pathRegex, status, 0, times)));
    }

    /**
     * An outage: every call matching {@code method} (null = any) and {@code pathRegex} from {@code after} from now, for
     * {@code length}, is answered {@code status} (a 429 with {@code retry_after} of {@code retryAfter}).
     */
    public void outage(String method, String pathRegex, int status, Duration retryAfter, Duration after,
                       Duration length) {
        confinedRun(() -> rest.faults().add(Faults.Fault.outage(method, pathRegex, status,
                retryAfter.toMillis() / 1000.0, after, length)));
    }

    public void clearFaults() {
        confinedRun(() -> rest.faults().clear());
    }

    /** Drops every gateway connection (close 1001); clients RESUME and get what they missed replayed. */
    public void disconnectGateway() {
        confinedRun(gateway::disconnectAll);
    }

    /**
     * Drops every gateway connection, then runs {@code whileDisconnected} before any client can resume, so that
     * the events it causes can only reach the bot through RESUME replay.
     */
    public void disconnectGatewayAndThen(Runnable whileDisconnected) {
        confinedRun(() -> {
            gateway.disconnectAll();
            whileDisconnected.run();
        });
    }

    /** Sends op 9 (session not resumable): clients must IDENTIFY again. */
    public void invalidateGatewaySessions() {
        confinedRun(gateway::invalidateAll);
    }

    public int gatewayIdentifies() {
        return gateway.identifies();
    }

    public int gatewayResumes() {
        return gateway.resumes();
    }

    public int connectedGatewaySessions() {
        return confined(gateway::connectedSessions);
    }

    /** Moves the sandbox clock forward: interaction deadlines (3 s, 15 min) and timeouts follow it. */
    public void advanceClock(Duration duration) {
        confinedRun(() -> guilds.forEach(guild -> guild.advanceClock(duration)));
    }

    /** Back to the freshly created demo guild: messages, bans, interactions, calls and faults are dropped. */
    public void reset() {
        confinedRun(() -> {
            guilds.forEach(SandboxState::reset);
            callLog.clear();
            rest.faults().clear();
        });
    }

    @Override
    public void close() {
        confinedRun(gateway::forgetSessions);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Discord sandbox did not stop cleanly", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    long userId(String user) {
        return findUser(user).orElseThrow(() -> new IllegalArgumentException("Unknown user " + user
                + " (use a user id or one of " + state.demo.users().keySet() + ")")).id();
    }

    private Optional<Entities.User> findUser(String user) {
        String name = user.startsWith("@") ? user.substring(1) : user;
        String demoId = state.demo.users().get(name);
        if (demoId != null) {
            return Optional.of(state.users.get(Long.parseLong(demoId)));
        }
        for (Entities.User candidate : state.users.values()) {
            if (Long.toString(candidate.id()).equals(name) || candidate.username().equals(name)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    long channelId(String channel) {
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        for (Entities.Channel candidate : state.channels.values()) {
            if (Long.toString(candidate.id()).equals(name) || name.equalsIgnoreCase(candidate.name())) {
                return candidate.id();
            }
        }
        throw new IllegalArgumentException("Unknown channel " + channel + " (use a channel id or one of "
                + state.demo.channels().keySet() + ")");
    }

    private Entities.Message requireMessage(String messageId) {
        Entities.Message message = state.messages.get(Long.parseLong(messageId));
        if (message == null) {
            throw new IllegalArgumentException("Unknown message " + messageId);
        }
        return message;
    }

    private SandboxMessage toSandboxMessage(Entities.Message message) {
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        message.reactions().forEach((emoji, users) -> reactions.put(emoji,
                users.stream().map(String::valueOf).toList()));
        return new SandboxMessage(Long.toString(message.id()), Long.toString(message.channelId()),
                Long.toString(message.authorId()), message.content(), message.timestamp(), message.editedAt(),
                message.flags(), "[]".equals(message.embeds()) ? null : message.embeds(),
                "[]".equals(message.components()) ? null : message.components(), reactions,
                message.allowedMentions(), message.authorId() == state.botId);
    }
}
