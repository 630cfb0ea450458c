package bot.volvox.sandbox;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /sandbox} HTTP API (JSON): act as demo users and read what the bot did. Users and channels may be
 * ids or demo names. The route list is in the module's README.md and at {@code GET /sandbox}.
 */
final class SandboxHttpApi {
    private static final List<String> ROUTES = List.of(
            "GET    /sandbox                              connection info, demo ids, routes",
            "POST   /sandbox/messages                     {user, channel, content} -> {id}",
            "POST   /sandbox/dms                          {user, content} -> {id}   (a DM to the bot)",
            "PATCH  /sandbox/messages/{id}                {content}",
            "DELETE /sandbox/messages/{id}",
            "POST   /sandbox/reactions                    {user, message, emoji}",
            "DELETE /sandbox/reactions                    {user, message, emoji}",
            "POST   /sandbox/voice                        {user, channel}  (channel null/absent = leave)",
            "POST   /sandbox/members                      {user}  (demo name/id re-joins, a new name creates a user)",
            "DELETE /sandbox/members/{user}",
            "GET    /sandbox/members/{user}",
            "POST   /sandbox/interactions/slash           {user, channel, command, options{}} -> {id}",
            "POST   /sandbox/interactions/autocomplete    {user, channel, command, options{}, focused} -> {id}",
            "POST   /sandbox/interactions/button          {user, message, customId} -> {id}",
            "POST   /sandbox/interactions/select          {user, message, customId, values[]} -> {id}",
            "POST   /sandbox/interactions/modal           {user, channel, customId, values{}} -> {id}",
            "GET    /sandbox/interactions/{id}",
            "GET    /sandbox/calls?since=SEQ[&waitMs=N]   (waits up to N ms, at most 30000, for the first new call)",
            "GET    /sandbox/channels/{channel}/messages",
            "GET    /sandbox/dms/{user}",
            "GET    /sandbox/bans",
            "GET    /sandbox/commands",
            "POST   /sandbox/faults                       {method, path(regex), status, retryAfterMs, times}",
            "DELETE /sandbox/faults",
            "POST   /sandbox/gateway/disconnect",
            "POST   /sandbox/gateway/invalidate",
            "POST   /sandbox/clock                        {advanceSeconds}",
            "POST   /sandbox/reset");

    /** The longest a {@code GET /sandbox/calls?waitMs=} long poll is held open. */
    static final long MAX_CALLS_WAIT_MS = 30_000;

    private final DiscordSandbox sandbox;
    private final CallLog callLog;

    SandboxHttpApi(DiscordSandbox sandbox, CallLog callLog) {
        this.sandbox = sandbox;
        this.callLog = callLog;
    }

    /**
     * {@code GET /sandbox/calls?since=&waitMs=}: answers at once when there are calls after {@code since}, else at
     * the next call or when the wait is over, whichever comes first; the context is never blocked meanwhile.
     */
    private void calls(RoutingContext ctx) {
        long since;
        long wait;
        try {
            String sinceParam = ctx.request().getParam("since");
            String waitParam = ctx.request().getParam("waitMs");
            since = sinceParam == null ? 0 : Long.parseLong(sinceParam);
            wait = waitParam == null ? 0 : Math.min(Math.max(Long.parseLong(waitParam), 0), MAX_CALLS_WAIT_MS);
        } catch (NumberFormatException e) {
            respond(ctx, 400, new JsonObject().put("error", e.getMessage()));
            return;
        }
        List<RecordedCall> calls = callLog.since(since);
        if (!calls.isEmpty() || wait == 0) {
            respond(ctx, 200, callsJson(calls));
            return;
        }
        boolean[] answered = new boolean[1];
        Runnable answer = () -> {
            if (!answered[0] && !ctx.response().ended() && !ctx.response().closed()) {
                answered[0] = true;
                respond(ctx, 200, callsJson(callLog.since(since)));
            }
        };
        long timer = ctx.vertx().setTimer(wait, id -> answer.run());
        callLog.onNextCall(() -> {
            ctx.vertx().cancelTimer(timer);
            answer.run();
        });
    }

    private static JsonArray callsJson(List<RecordedCall> calls) {
        JsonArray array = new JsonArray();
        calls.forEach(call -> array.add(callJson(call)));
        return array;
    }

    private static void respond(RoutingContext ctx, int status, Object result) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(result instanceof JsonArray array ? array.encodePrettily()
                        : ((JsonObject) result).encodePrettily());
    }

    void handle(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.request().path().replaceFirst("^/sandbox/?", "");
        if ("GET".equals(method) && "calls".equals(path)) {
            calls(ctx);
            return;
        }
        String[] parts = path.isEmpty() ? new String[0] : path.split("/");
        Object result;
        int status = 200;
        try {
            JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject()
                    : ctx.body().asJsonObject();
            result = route(method, parts, body, ctx);
        } catch (IllegalArgumentException | IllegalStateException | DecodeException e) {
            status = 400;
            result = new JsonObject().put("error", e.getMessage());
        } catch (DiscordApiException e) {
            status = e.status;
            result = new JsonObject().put("error", e.getMessage()).put("code", e.code);
        }
        if (result == null) {
            status = 404;
            result = new JsonObject().put("error", "No sandbox route " + method + " /sandbox/" + path)
                    .put("routes", new JsonArray(ROUTES));
        }
        respond(ctx, status, result);
    }

    private Object route(String method, String[] p, JsonObject body, RoutingContext ctx) {
        String first = p.length > 0 ? p[0] : "";
        switch (method + " " + first + "/" + p.length) {
            case "GET /0":
                return info();
            case "POST messages/1":
                return id(sandbox.sendMessage(required(body, "user"), required(body, "channel"),
                        required(body, "content")));
            case "POST dms/1":
                return id(sandbox.sendDirectMessage(required(body, "user"), required(body, "content")));
            case "PATCH messages/2":
                sandbox.editMessage(p[1], required(body, "content"));
                return ok();
            case "DELETE messages/2":
                sandbox.deleteMessage(p[1]);
                return ok();
            case "POST reactions/1":
                sandbox.react(required(body, "user"), required(body, "message"), required(body, "emoji"));
                return ok();
            case "DELETE reactions/1":
                sandbox.unreact(required(body, "user"), required(body, "message"), required(body, "emoji"));
                return ok();
            case "POST voice/1":
                if (body.getString("channel") == null) {
                    sandbox.leaveVoice(required(body, "user"));
                } else {
                    sandbox.joinVoice(required(body, "user"), body.getString("channel"));
                }
                return ok();
            case "POST members/1":
                return new JsonObject().put("userId", sandbox.memberJoin(required(body, "user")));
            case "DELETE members/2":
                sandbox.memberLeave(p[1]);
                return ok();
            case "GET members/2":
                return memberJson(sandbox.member(p[1]));
            case "POST interactions/2":
                return interaction(p[1], body);
            case "GET interactions/2":
                return interactionJson(sandbox.interaction(p[1]));
            case "GET channels/3":
                if (!"messages".equals(p[2])) {
                    return null;
                }
                return messagesJson(sandbox.messages(p[1]));
            case "GET dms/2":
                return messagesJson(sandbox.directMessages(p[1]));
            case "GET bans/1": {
                JsonObject bans = new JsonObject();
                sandbox.bans().forEach(bans::put);
                return bans;
            }
            case "GET commands/1":
                return sandbox.registeredCommandsJson();
            case "POST faults/1": {
                String faultMethod = body.getString("method");
                String pathRegex = required(body, "path");
                int faultStatus = body.getInteger("status", 429);
                if (faultStatus == 429) {
                    sandbox.rateLimitNext(faultMethod, pathRegex,
                            Duration.ofMillis(body.getLong("retryAfterMs", 1000L)), body.getInteger("times", 1));
                } else {
                    for (int i = 0; i < body.getInteger("times", 1); i++) {
                        sandbox.failNext(faultMethod, pathRegex, faultStatus);
                    }
                }
                return ok();
            }
            case "DELETE faults/1":
                sandbox.clearFaults();
                return ok();
            case "POST gateway/2":
                if ("disconnect".equals(p[1])) {
                    sandbox.disconnectGateway();
                } else if ("invalidate".equals(p[1])) {
                    sandbox.invalidateGatewaySessions();
                } else {
                    return null;
                }
                return ok();
            case "POST clock/1":
                sandbox.advanceClock(Duration.ofMillis((long) (body.getDouble("advanceSeconds", 0.0) * 1000)));
                return new JsonObject().put("now", sandbox.now().toString());
            case "POST reset/1":
                sandbox.reset();
                return ok();
            default:
                return null;
        }
    }

    private Object interaction(String kind, JsonObject body) {
        String user = required(body, "user");
        return switch (kind) {
            case "slash" -> id(sandbox.runSlashCommand(user, required(body, "channel"), required(body, "command"),
                    options(body)));
            case "autocomplete" -> id(sandbox.autocomplete(user, required(body, "channel"),
                    required(body, "command"), options(body), required(body, "focused")));
            case "button" -> id(sandbox.pressButton(user, required(body, "message"), required(body, "customId")));
            case "select" -> id(sandbox.selectMenu(user, required(body, "message"), required(body, "customId"),
                    body.getJsonArray("values", new JsonArray()).stream().map(String::valueOf).toList()));
            case "modal" -> {
                Map<String, String> values = new LinkedHashMap<>();
                body.getJsonObject("values", new JsonObject()).forEach(e -> values.put(e.getKey(),
                        String.valueOf(e.getValue())));
                yield id(sandbox.submitModal(user, required(body, "channel"), required(body, "customId"), values));
            }
            default -> null;
        };
    }

    private static Map<String, Object> options(JsonObject body) {
        return new LinkedHashMap<>(body.getJsonObject("options", new JsonObject()).getMap());
    }

    private static String required(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw new IllegalArgumentException("Missing field \"" + field + "\"");
        }
        return String.valueOf(value);
    }

    private static JsonObject id(String id) {
        return new JsonObject().put("id", id);
    }

    private static JsonObject ok() {
        return new JsonObject().put("ok", true);
    }

    private JsonObject info() {
        DemoGuild demo = sandbox.demo();
        JsonObject users = new JsonObject();
        demo.users().forEach(users::put);
        JsonObject channels = new JsonObject();
        demo.channels().forEach(channels::put);
        JsonObject roles = new JsonObject();
        demo.roles().forEach(roles::put);
        return new JsonObject()
                .put("webPage", sandbox.webPageUrl())
                .put("restBaseUrl", sandbox.restBaseUrl())
                .put("gatewayUrl", sandbox.gatewayUrl())
                .put("botToken", sandbox.botToken())
                .put("guildId", demo.guildId())
                .put("applicationId", demo.applicationId())
                .put("users", users)
                .put("channels", channels)
                .put("roles", roles)
                .put("gatewaySessions", sandbox.connectedGatewaySessions())
                .put("routes", new JsonArray(ROUTES));
    }

    static JsonObject callJson(RecordedCall call) {
        JsonObject headers = new JsonObject();
        call.headers().forEach(headers::put);
        return new JsonObject()
                .put("seq", call.seq())
                .put("method", call.method())
                .put("path", call.path())
                .put("query", call.query())
                .put("route", call.route())
                .put("body", call.body())
                .put("headers", headers)
                .put("status", call.status())
                .put("errorCode", call.errorCode())
                .put("at", call.at().toString());
    }

    static JsonArray messagesJson(List<DiscordSandbox.SandboxMessage> messages) {
        JsonArray array = new JsonArray();
        for (DiscordSandbox.SandboxMessage message : messages) {
            JsonObject reactions = new JsonObject();
            message.reactions().forEach((emoji, users) -> reactions.put(emoji, new JsonArray(users)));
            array.add(new JsonObject()
                    .put("id", message.id())
                    .put("channelId", message.channelId())
                    .put("authorId", message.authorId())
                    .put("fromBot", message.fromBot())
                    .put("content", message.content())
                    .put("timestamp", message.timestamp().toString())
                    .put("editedAt", message.editedAt() == null ? null : message.editedAt().toString())
                    .put("flags", message.flags())
                    .put("embeds", message.embeds() == null ? null : new JsonArray(message.embeds()))
                    .put("components", message.components() == null ? null : new JsonArray(message.components()))
                    .put("allowedMentions", message.allowedMentions() == null ? null
                            : new JsonObject(message.allowedMentions()))
                    .put("reactions", reactions));
        }
        return array;
    }

    static JsonObject memberJson(DiscordSandbox.MemberState member) {
        return new JsonObject()
                .put("userId", member.userId())
                .put("username", member.username())
                .put("inGuild", member.inGuild())
                .put("nick", member.nick())
                .put("roles", new JsonArray(member.roles()))
                .put("timeoutUntil", member.timeoutUntil() == null ? null : member.timeoutUntil().toString())
                .put("voiceChannelId", member.voiceChannelId())
                .put("banned", member.banned())
                .put("banReason", member.banReason());
    }

    static JsonObject interactionJson(InteractionState interaction) {
        JsonArray followups = new JsonArray();
        interaction.followups().forEach(followup -> followups.add(new JsonObject()
                .put("messageId", followup.messageId())
                .put("content", followup.content())
                .put("ephemeral", followup.ephemeral())));
        return new JsonObject()
                .put("id", interaction.id())
                .put("type", interaction.type())
                .put("name", interaction.name())
                .put("channelId", interaction.channelId())
                .put("userId", interaction.userId())
                .put("acknowledged", interaction.acknowledged())
                .put("deferred", interaction.deferred())
                .put("callbackType", interaction.callbackType())
                .put("ephemeral", interaction.ephemeral())
                .put("callbackElapsedMs", interaction.callbackElapsedMs())
                .put("callbackContent", interaction.callbackContent())
                .put("rejectedCallbacks", interaction.rejectedCallbacks())
                .put("originalContent", interaction.originalContent())
                .put("followups", followups);
    }
}
