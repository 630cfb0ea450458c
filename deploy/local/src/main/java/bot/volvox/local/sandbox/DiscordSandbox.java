package bot.volvox.local.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A local Discord: REST API v10 and gateway v10 on one port, with a demo guild, so that the real JDA client can
 * connect to it (see SANDBOX.md). Tests and the demo CLI act as guild members through this class or its
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

    private final Vertx vertx;
    private final HttpServer server;
    private final SandboxState state;
    private final Gateway gateway;
    private final RestApi rest;
    private final int port;

    private DiscordSandbox(Vertx vertx, HttpServer server, SandboxState state, Gateway gateway, RestApi rest) {
        this.vertx = vertx;
        this.server = server;
        this.state = state;
        this.gateway = gateway;
        this.rest = rest;
        this.port = server.actualPort();
        gateway.setGatewayUrl(gatewayUrl());
        rest.setGatewayUrl(gatewayUrl());
    }

    /** Starts a sandbox on 127.0.0.1; port 0 picks a free port. */
    public static DiscordSandbox start(int port) {
        SandboxState state = new SandboxState();
        Gateway gateway = new Gateway(state, HEARTBEAT_INTERVAL_MS);
        state.setDispatcher(gateway);
        RestApi rest = new RestApi(state);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        SandboxHttpApi[] httpApi = new SandboxHttpApi[1];
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(25L * 1024 * 1024));
        router.route(RestApi.PREFIX + "*").handler(rest::handle);
        // a long poll waits on a worker thread, never on the event loop
        router.get("/sandbox/calls").blockingHandler(ctx -> httpApi[0].handle(ctx), false);
        router.route("/sandbox*").handler(ctx -> httpApi[0].handle(ctx));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setMaxWebSocketFrameSize(16 * 1024 * 1024)
                        .setMaxWebSocketMessageSize(16 * 1024 * 1024))
                .webSocketHandler(gateway::accept)
                .requestHandler(router);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("Interrupted while starting the Discord sandbox", e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("Discord sandbox could not listen on 127.0.0.1:" + port, e);
        }
        DiscordSandbox sandbox = new DiscordSandbox(vertx, server, state, gateway, rest);
        httpApi[0] = new SandboxHttpApi(sandbox);
        return sandbox;
    }

    public int port() {
        return port;
    }

    public String restBaseUrl() {
        return "http://127.0.0.1:" + port + RestApi.PREFIX;
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + port + "/";
    }

    /** Base URL of the {@code /sandbox} HTTP API. */
    public String sandboxApiUrl() {
        return "http://127.0.0.1:" + port + "/sandbox";
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

    // ---------------------------------------------------------------- acting as users

    /** Posts a message as {@code user} in {@code channel}; returns the message id. */
    public String sendMessage(String user, String channel, String content) {
        synchronized (state) {
            long userId = userId(user);
            SandboxState.Channel target = state.requireChannel(channelId(channel));
            if (!target.isDm()) {
                state.requireMember(userId);
                if ((state.channelPermissions(userId, target) & Permissions.SEND_MESSAGES) == 0) {
                    throw new IllegalStateException(user + " may not send messages in #" + target.name);
                }
            }
            return Long.toString(state.createMessage(target.id, userId, new JsonObject().put("content", content),
                    null, 0, true).id);
        }
    }

    /**
     * Puts a message by {@code user} into {@code channel}'s history as if sent at {@code sentAt} (its id carries that
     * time, as Discord's do; the past predates every gateway session, so no event is dispatched), with files of these
     * names attached. Returns the message id. For history that bots fetch, e.g. messages older than 14 days.
     */
    public String postPastMessage(String user, String channel, String content, Instant sentAt,
            List<String> attachmentFileNames) {
        synchronized (state) {
            long userId = userId(user);
            SandboxState.Channel target = state.requireChannel(channelId(channel));
            if (!target.isDm()) {
                state.requireMember(userId);
            }
            return Long.toString(state.createPastMessage(target.id, userId, content, sentAt,
                    List.copyOf(attachmentFileNames)).id);
        }
    }

    /** Sends a DM from {@code user} to the bot; returns the message id. */
    public String sendDirectMessage(String user, String content) {
        synchronized (state) {
            SandboxState.Channel dm = state.dmChannel(userId(user));
            return Long.toString(state.createMessage(dm.id, userId(user), new JsonObject().put("content", content),
                    null, 0, true).id);
        }
    }

    public void editMessage(String messageId, String content) {
        synchronized (state) {
            SandboxState.Message message = requireMessage(messageId);
            state.editMessage(message, new JsonObject().put("content", content));
        }
    }

    public void deleteMessage(String messageId) {
        synchronized (state) {
            state.deleteMessage(requireMessage(messageId));
        }
    }

    /** Adds a reaction; {@code emoji} is a unicode emoji or {@code name:id} for a custom one. */
    public void react(String user, String messageId, String emoji) {
        synchronized (state) {
            state.addReaction(requireMessage(messageId), userId(user), emoji);
        }
    }

    public void unreact(String user, String messageId, String emoji) {
        synchronized (state) {
            state.removeReaction(requireMessage(messageId), userId(user), emoji);
        }
    }

    /** Joins (or moves to) a voice channel. */
    public void joinVoice(String user, String voiceChannel) {
        synchronized (state) {
            state.setVoiceChannel(userId(user), channelId(voiceChannel));
        }
    }

    public void leaveVoice(String user) {
        synchronized (state) {
            state.setVoiceChannel(userId(user), null);
        }
    }

    /**
     * A user joins the guild: an existing user id or demo name re-joins (e.g. after a kick), any other name creates
     * a new user. Returns the user id.
     */
    public String memberJoin(String userOrNewName) {
        synchronized (state) {
            SandboxState.User user = findUser(userOrNewName).orElse(null);
            if (user == null) {
                long id = state.nextId();
                user = new SandboxState.User(id, userOrNewName, userOrNewName, false);
                state.users.put(id, user);
            }
            if (state.bans.containsKey(user.id)) {
                throw new IllegalStateException(user.username + " is banned from the guild");
            }
            if (!state.members.containsKey(user.id)) {
                state.addMember(user);
            }
            return Long.toString(user.id);
        }
    }

    public void memberLeave(String user) {
        synchronized (state) {
            state.removeMember(userId(user));
        }
    }

    /**
     * Runs a slash command as {@code user} in {@code channel}. {@code command} is the name, optionally followed by a
     * subcommand (and group), e.g. {@code "warn"} or {@code "config set"}. Option types come from the command the
     * bot registered; unregistered options are typed from their values (numbers, booleans, users, roles,
     * channels). Returns the interaction id.
     */
    public String runSlashCommand(String user, String channel, String command, Map<String, ?> options) {
        synchronized (state) {
            return Long.toString(SlashCommands.dispatchSlash(this, state, userId(user), channelId(channel), command,
                    options == null ? Map.of() : options, null).id);
        }
    }

    /** Sends an autocomplete interaction (type 4) with {@code focusedOption} focused. */
    public String autocomplete(String user, String channel, String command, Map<String, ?> options,
                               String focusedOption) {
        synchronized (state) {
            return Long.toString(SlashCommands.dispatchSlash(this, state, userId(user), channelId(channel), command,
                    options == null ? Map.of() : options, focusedOption).id);
        }
    }

    /** Presses a button the bot put on a message; returns the interaction id. */
    public String pressButton(String user, String messageId, String customId) {
        synchronized (state) {
            return Long.toString(SlashCommands.dispatchComponent(state, userId(user), requireMessage(messageId),
                    customId, null).id);
        }
    }

    /** Picks values in a string select menu the bot put on a message; returns the interaction id. */
    public String selectMenu(String user, String messageId, String customId, List<String> values) {
        synchronized (state) {
            return Long.toString(SlashCommands.dispatchComponent(state, userId(user), requireMessage(messageId),
                    customId, values).id);
        }
    }

    /** Submits a modal with text-input values by custom id; returns the interaction id. */
    public String submitModal(String user, String channel, String customId, Map<String, String> values) {
        synchronized (state) {
            return Long.toString(SlashCommands.dispatchModal(state, userId(user), channelId(channel), customId,
                    values).id);
        }
    }

    // ---------------------------------------------------------------- reading what the bot did

    /** Every REST call so far, oldest first. */
    public List<RecordedCall> calls() {
        return rest.calls();
    }

    /** REST calls with {@code seq} greater than {@code afterSeq}. */
    public List<RecordedCall> callsSince(long afterSeq) {
        return rest.calls().stream().filter(call -> call.seq() > afterSeq).toList();
    }

    /**
     * The calls after {@code afterSeq}, waiting up to {@code timeout} for the first one when there are none yet (a
     * long poll: the demo CLI follows the bot's calls with it instead of polling).
     */
    public List<RecordedCall> awaitCallsSince(long afterSeq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = rest.calls().size(); // before reading, so a call arriving in between ends the wait
            List<RecordedCall> calls = callsSince(afterSeq);
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (!calls.isEmpty() || remainingMs <= 0) {
                return calls;
            }
            rest.awaitNewCall(seen, remainingMs);
        }
    }

    /** Sequence number of the latest call (0 if none): a mark to read {@link #callsSince} from. */
    public long lastCallSeq() {
        List<RecordedCall> calls = rest.calls();
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).seq();
    }

    /** Waits for the first recorded call matching {@code predicate}; throws if none arrives in time. */
    public RecordedCall awaitCall(Predicate<RecordedCall> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                List<RecordedCall> calls = rest.calls();
                for (RecordedCall call : calls) {
                    if (predicate.test(call)) {
                        return call;
                    }
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("No matching REST call within " + timeout + "; calls were:\n"
                            + String.join("\n", calls.stream().map(call -> call.method() + " " + call.path() + " -> "
                            + call.status()).toList()));
                }
                rest.awaitNewCall(calls.size(), remainingMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a REST call", e);
        }
    }

    public void clearCalls() {
        rest.clearCalls();
    }

    /** Messages in a channel, oldest first. */
    public List<SandboxMessage> messages(String channel) {
        synchronized (state) {
            List<SandboxMessage> oldestFirst = new ArrayList<>(state.channelMessagesNewestFirst(channelId(channel))
                    .stream().map(this::toSandboxMessage).toList());
            Collections.reverse(oldestFirst);
            return oldestFirst;
        }
    }

    /** Messages the bot sent to a user in DMs (and the user's own DMs to the bot), oldest first. */
    public List<SandboxMessage> directMessages(String user) {
        synchronized (state) {
            long userId = userId(user);
            List<SandboxMessage> result = new ArrayList<>();
            for (SandboxState.Channel channel : state.channels.values()) {
                if (channel.isDm() && channel.recipientId == userId) {
                    state.messages.values().stream().filter(message -> message.channelId == channel.id)
                            .map(this::toSandboxMessage).forEach(result::add);
                }
            }
            return result;
        }
    }

    public Optional<SandboxMessage> message(String messageId) {
        synchronized (state) {
            SandboxState.Message message = state.messages.get(Long.parseLong(messageId));
            if (message == null) {
                message = state.ephemeralMessages.get(Long.parseLong(messageId));
            }
            return Optional.ofNullable(message).map(this::toSandboxMessage);
        }
    }

    /** Banned user ids with their audit-log reason ("" if none). */
    public Map<String, String> bans() {
        synchronized (state) {
            Map<String, String> bans = new LinkedHashMap<>();
            state.bans.forEach((userId, reason) -> bans.put(Long.toString(userId), reason == null ? "" : reason));
            return bans;
        }
    }

    public MemberState member(String user) {
        synchronized (state) {
            long userId = userId(user);
            SandboxState.User known = state.requireUser(userId);
            SandboxState.Member member = state.members.get(userId);
            Long voice = state.voiceChannelOfUser.get(userId);
            List<String> roles = member == null ? List.of() : member.roles.stream().map(String::valueOf).toList();
            return new MemberState(Long.toString(userId), known.username, member != null,
                    member == null ? null : member.nick, roles, member == null ? null : member.timeoutUntil,
                    voice == null ? null : Long.toString(voice), state.bans.containsKey(userId),
                    state.bans.get(userId));
        }
    }

    public InteractionState interaction(String interactionId) {
        synchronized (state) {
            SandboxState.Interaction interaction = state.interactions.get(Long.parseLong(interactionId));
            if (interaction == null) {
                throw new IllegalArgumentException("Unknown interaction " + interactionId);
            }
            return interaction.snapshot();
        }
    }

    /** Commands the bot registered (global, then guild), as Discord returns them. */
    public List<String> registeredCommandNames() {
        synchronized (state) {
            List<String> names = new ArrayList<>();
            state.globalCommands.forEach(command -> names.add(command.getString("name")));
            state.guildCommands.forEach(command -> names.add(command.getString("name")));
            return names;
        }
    }

    JsonArray registeredCommandsJson() {
        synchronized (state) {
            JsonArray commands = new JsonArray();
            state.globalCommands.forEach(commands::add);
            state.guildCommands.forEach(commands::add);
            return commands;
        }
    }

    /** The sandbox clock (real time plus {@link #advanceClock}). */
    public Instant now() {
        return state.now();
    }

    // ---------------------------------------------------------------- faults and control

    /**
     * The next {@code times} calls matching {@code method} (null = any) and {@code pathRegex} (matched against the
     * path below /api/v10/, e.g. {@code channels/\d+/messages}) are answered 429 with {@code retry_after}.
     */
    public void rateLimitNext(String method, String pathRegex, Duration retryAfter, int times) {
        rest.addFault(new RestApi.Fault(method, pathRegex, 429, retryAfter.toMillis() / 1000.0, times));
    }

    /** The next matching call fails once with {@code status} (e.g. 500, or 502 which JDA retries itself). */
    public void failNext(String method, String pathRegex, int status) {
        rest.addFault(new RestApi.Fault(method, pathRegex, status, 0, 1));
    }

    public void clearFaults() {
        rest.clearFaults();
    }

    /** Drops every gateway connection (close 1001); clients RESUME and get what they missed replayed. */
    public void disconnectGateway() {
        gateway.disconnectAll();
    }

    /**
     * Drops every gateway connection, then runs {@code whileDisconnected} before any client can resume, so that
     * the events it causes can only reach the bot through RESUME replay.
     */
    public void disconnectGatewayAndThen(Runnable whileDisconnected) {
        synchronized (state) {
            gateway.disconnectAll();
            whileDisconnected.run();
        }
    }

    /** Sends op 9 (session not resumable): clients must IDENTIFY again. */
    public void invalidateGatewaySessions() {
        gateway.invalidateAll();
    }

    public int gatewayIdentifies() {
        return gateway.identifies();
    }

    public int gatewayResumes() {
        return gateway.resumes();
    }

    public int connectedGatewaySessions() {
        return gateway.connectedSessions();
    }

    /** Moves the sandbox clock forward: interaction deadlines (3 s, 15 min) and timeouts follow it. */
    public void advanceClock(Duration duration) {
        state.advanceClock(duration);
    }

    /** Back to the freshly created demo guild: messages, bans, interactions, calls and faults are dropped. */
    public void reset() {
        synchronized (state) {
            state.reset();
            rest.clearCalls();
            rest.clearFaults();
        }
    }

    @Override
    public void close() {
        gateway.forgetSessions();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
                + " (use a user id or one of " + state.demo.users().keySet() + ")")).id;
    }

    private Optional<SandboxState.User> findUser(String user) {
        String name = user.startsWith("@") ? user.substring(1) : user;
        String demoId = state.demo.users().get(name);
        if (demoId != null) {
            return Optional.of(state.users.get(Long.parseLong(demoId)));
        }
        for (SandboxState.User candidate : state.users.values()) {
            if (Long.toString(candidate.id).equals(name) || candidate.username.equals(name)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    long channelId(String channel) {
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        for (SandboxState.Channel candidate : state.channels.values()) {
            if (Long.toString(candidate.id).equals(name) || name.equalsIgnoreCase(candidate.name)) {
                return candidate.id;
            }
        }
        throw new IllegalArgumentException("Unknown channel " + channel + " (use a channel id or one of "
                + state.demo.channels().keySet() + ")");
    }

    private SandboxState.Message requireMessage(String messageId) {
        SandboxState.Message message = state.messages.get(Long.parseLong(messageId));
        if (message == null) {
            throw new IllegalArgumentException("Unknown message " + messageId);
        }
        return message;
    }

    private SandboxMessage toSandboxMessage(SandboxState.Message message) {
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        message.reactions.forEach((emoji, users) -> reactions.put(emoji,
                users.stream().map(String::valueOf).toList()));
        return new SandboxMessage(Long.toString(message.id), Long.toString(message.channelId),
                Long.toString(message.authorId), message.content, message.timestamp, message.editedAt, message.flags,
                message.embeds.isEmpty() ? null : message.embeds.encode(),
                message.components.isEmpty() ? null : message.components.encode(), reactions,
                message.allowedMentions == null ? null : message.allowedMentions.encode(),
                message.authorId == state.botId);
    }
}
