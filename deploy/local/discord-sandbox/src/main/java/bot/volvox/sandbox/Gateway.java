package bot.volvox.sandbox;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discord gateway v10 (JSON, no compression): HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME with replay,
 * member chunk requests and dispatches. Sessions outlive their socket so that a client can resume after a drop.
 * Runs on the sandbox's context, with the state: sockets and sessions are touched nowhere else.
 */
final class Gateway implements SandboxState.Dispatcher {
    static final int OP_DISPATCH = 0;
    static final int OP_HEARTBEAT = 1;
    static final int OP_IDENTIFY = 2;
    static final int OP_RESUME = 6;
    static final int OP_REQUEST_GUILD_MEMBERS = 8;
    static final int OP_INVALID_SESSION = 9;
    static final int OP_HELLO = 10;
    static final int OP_HEARTBEAT_ACK = 11;
    private static final int REPLAY_BUFFER = 5000;

    /** A gateway session: the shard it serves, its sequence and what it was sent (for RESUME). */
    static final class Session {
        final String id;
        final int shardId;
        final int shardCount;
        final int intents;
        int seq;
        final Deque<JsonObject> sent = new ArrayDeque<>();
        ServerWebSocket socket;

        Session(String id, int shardId, int shardCount, int intents) {
            this.id = id;
            this.shardId = shardId;
            this.shardCount = shardCount;
            this.intents = intents;
        }
    }

    /** Guild 0: the bot's token and identity, the same in every guild. */
    private final SandboxState state;
    private final List<SandboxState> guilds;
    private final int heartbeatIntervalMs;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<ServerWebSocket, Session> sessionOfSocket = new LinkedHashMap<>();
    private final AtomicInteger identifies = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private volatile String gatewayUrl = "ws://127.0.0.1/";

    Gateway(SandboxState state, int heartbeatIntervalMs) {
        this(List.of(state), heartbeatIntervalMs);
    }

    Gateway(List<SandboxState> guilds, int heartbeatIntervalMs) {
        this.state = guilds.get(0);
        this.guilds = List.copyOf(guilds);
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    void setGatewayUrl(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    int identifies() {
        return identifies.get();
    }

    int resumes() {
        return resumes.get();
    }

    void accept(ServerWebSocket socket) {
        socket.textMessageHandler(text -> onText(socket, text));
        socket.closeHandler(ignored -> detach(socket));
        send(socket, new JsonObject().put("op", OP_HELLO).put("d",
                new JsonObject().put("heartbeat_interval", heartbeatIntervalMs)));
    }

    private void onText(ServerWebSocket socket, String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException e) {
            socket.close((short) 4002, "Decode error");
            return;
        }
        int op = frame.getInteger("op", -1);
        switch (op) {
            case OP_HEARTBEAT -> send(socket, new JsonObject().put("op", OP_HEARTBEAT_ACK));
            case OP_IDENTIFY -> identify(socket, frame.getJsonObject("d", new JsonObject()));
            case OP_RESUME -> resume(socket, frame.getJsonObject("d", new JsonObject()));
            case OP_REQUEST_GUILD_MEMBERS -> requestMembers(socket, frame.getJsonObject("d", new JsonObject()));
            case 3, 4 -> {
                // Presence and voice-connection updates: accepted, nothing in the sandbox depends on them.
            }
            default -> socket.close((short) 4001, "Unknown opcode");
        }
    }

    private void identify(ServerWebSocket socket, JsonObject identify) {
        if (sessionOfSocket.containsKey(socket)) {
            socket.close((short) 4005, "Already authenticated");
            return;
        }
        if (!state.botToken.equals(identify.getString("token"))) {
            socket.close((short) 4004, "Authentication failed");
            return;
        }
        if (!identify.containsKey("intents")) {
            socket.close((short) 4013, "Invalid intent(s)");
            return;
        }
        JsonArray shard = identify.getJsonArray("shard", new JsonArray().add(0).add(1));
        int shardId = shard.getInteger(0);
        int shardCount = shard.getInteger(1);
        if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
            socket.close((short) 4010, "Invalid shard");
            return;
        }
        for (Session other : sessions.values()) {
            if (other.socket != null && other.shardId == shardId && other.shardCount == shardCount) {
                socket.close((short) 4005, "Shard [" + shardId + ", " + shardCount + "] already has a session");
                return;
            }
        }
        Session session = new Session(UUID.randomUUID().toString().replace("-", ""), shardId, shardCount,
                identify.getInteger("intents"));
        // A new IDENTIFY for a shard replaces its old, disconnected sessions.
        sessions.values().removeIf(old -> old.shardId == shardId && old.shardCount == shardCount);
        sessions.put(session.id, session);
        session.socket = socket;
        sessionOfSocket.put(socket, session);
        identifies.incrementAndGet();

        // Each shard is told only of its own guilds, as Discord does: (guild_id >> 22) % shard total.
        List<SandboxState> owned = guilds.stream()
                .filter(guild -> Snowflakes.shardOf(guild.guildId, shardCount) == shardId).toList();
        JsonArray unavailable = new JsonArray();
        owned.forEach(guild -> unavailable.add(new JsonObject().put("id", Long.toString(guild.guildId))
                .put("unavailable", true)));
        JsonObject ready = new JsonObject()
                .put("v", 10)
                .put("user", state.json.selfUser())
                .put("guilds", unavailable)
                .put("private_channels", new JsonArray())
                .put("presences", new JsonArray())
                .put("relationships", new JsonArray())
                .put("guild_join_requests", new JsonArray())
                .put("user_settings", new JsonObject())
                .put("session_id", session.id)
                .put("session_type", "normal")
                .put("resume_gateway_url", gatewayUrl)
                .put("shard", new JsonArray().add(shardId).add(shardCount))
                .put("application", new JsonObject().put("id", Long.toString(state.applicationId))
                        .put("flags", 0))
                .put("_trace", new JsonArray().add("[\"volvox-sandbox\"]"));
        sendDispatch(session, "READY", ready);
        owned.forEach(guild -> sendDispatch(session, "GUILD_CREATE", guild.json.guildCreate()));
    }

    private void resume(ServerWebSocket socket, JsonObject resume) {
        if (!state.botToken.equals(resume.getString("token"))) {
            socket.close((short) 4004, "Authentication failed");
            return;
        }
        Session session = sessions.get(resume.getString("session_id"));
        if (session == null || session.socket != null) {
            send(socket, new JsonObject().put("op", OP_INVALID_SESSION).put("d", false));
            return;
        }
        int lastSeq = resume.getInteger("seq", 0);
        session.socket = socket;
        sessionOfSocket.put(socket, session);
        resumes.incrementAndGet();
        for (JsonObject payload : session.sent) {
            if (payload.getInteger("s") > lastSeq) {
                send(socket, payload);
            }
        }
        sendDispatch(session, "RESUMED", new JsonObject().put("_trace", new JsonArray()
                .add("[\"volvox-sandbox\"]")));
    }

    private void requestMembers(ServerWebSocket socket, JsonObject request) {
        Session session = sessionOfSocket.get(socket);
        if (session == null) {
            socket.close((short) 4003, "Not authenticated");
            return;
        }
        if ((session.intents & SandboxState.INTENT_GUILD_MEMBERS) == 0) {
            socket.close((short) 4014, "Disallowed intent(s)");
            return;
        }
        String requestedGuild = String.valueOf(request.getValue("guild_id", this.state.guildId));
        SandboxState state = guilds.stream().filter(guild -> Long.toString(guild.guildId).equals(requestedGuild))
                .findFirst().orElse(this.state);
        String query = request.getString("query", "");
        JsonArray wanted = request.getJsonArray("user_ids");
        JsonArray members = new JsonArray();
        JsonArray notFound = new JsonArray();
        if (wanted != null) {
            for (Object id : wanted) {
                Entities.Member member = state.members.get(Long.parseLong(String.valueOf(id)));
                if (member == null) {
                    notFound.add(String.valueOf(id));
                } else {
                    members.add(state.json.member(member, true));
                }
            }
        } else {
            int limit = request.getInteger("limit", 0);
            for (Entities.Member member : state.members.values()) {
                Entities.User user = state.users.get(member.userId());
                if (user.username().toLowerCase().startsWith(query.toLowerCase())
                        && (limit == 0 || members.size() < limit)) {
                    members.add(state.json.member(member, true));
                }
            }
        }
        JsonObject chunk = new JsonObject()
                .put("guild_id", Long.toString(state.guildId))
                .put("members", members)
                .put("chunk_index", 0)
                .put("chunk_count", 1)
                .put("not_found", notFound);
        if (request.containsKey("nonce")) {
            chunk.put("nonce", request.getString("nonce"));
        }
        sendDispatch(session, "GUILD_MEMBERS_CHUNK", chunk);
    }

    private void detach(ServerWebSocket socket) {
        Session session = sessionOfSocket.remove(socket);
        if (session != null && session.socket == socket) {
            session.socket = null;
        }
    }

    @Override
    public void dispatch(String type, JsonObject data, Long guildId, int intent, boolean contentGated) {
        for (Session session : sessions.values()) {
            int owningShard = guildId == null ? 0 : Snowflakes.shardOf(guildId, session.shardCount);
            if (owningShard != session.shardId || (intent != 0 && (session.intents & intent) == 0)) {
                continue;
            }
            JsonObject payload = data.copy();
            if (contentGated && (session.intents & SandboxState.INTENT_MESSAGE_CONTENT) == 0) {
                // Without the MESSAGE_CONTENT intent Discord blanks what users wrote.
                payload.put("content", "").put("embeds", new JsonArray()).put("attachments", new JsonArray())
                        .put("components", new JsonArray());
            }
            sendDispatch(session, type, payload);
        }
    }

    private void sendDispatch(Session session, String type, JsonObject data) {
        JsonObject payload = new JsonObject().put("op", OP_DISPATCH).put("t", type).put("s", ++session.seq)
                .put("d", data);
        session.sent.addLast(payload);
        while (session.sent.size() > REPLAY_BUFFER) {
            session.sent.removeFirst();
        }
        if (session.socket != null) {
            send(session.socket, payload);
        }
    }

    private static void send(ServerWebSocket socket, JsonObject payload) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(payload.encode());
        }
    }

    /**
     * Drops every live connection the way a Discord edge restart does (close code 1001 "Going away", which clients
     * answer with RESUME). Sessions stay resumable; dispatches until then are buffered and replayed.
     */
    void disconnectAll() {
        List<ServerWebSocket> sockets = new ArrayList<>();
        for (Session session : sessions.values()) {
            if (session.socket != null) {
                sockets.add(session.socket);
                sessionOfSocket.remove(session.socket);
                session.socket = null;
            }
        }
        sockets.forEach(socket -> socket.close((short) 1001, "Going away (sandbox forced a disconnect)"));
    }

    /** Sends op 9 (invalid session, not resumable) to every live connection, forcing a fresh IDENTIFY. */
    void invalidateAll() {
        for (Session session : sessions.values()) {
            if (session.socket != null) {
                send(session.socket, new JsonObject().put("op", OP_INVALID_SESSION).put("d", false));
            }
        }
        sessions.clear();
        sessionOfSocket.clear();
    }

    int connectedSessions() {
        return (int) sessions.values().stream().filter(session -> session.socket != null).count();
    }

    void forgetSessions() {
        sessions.clear();
        sessionOfSocket.clear();
    }
}
