package bot.volvox.local.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Discord REST API v10 below {@code /api/v10/}: the routes a moderation/AI bot uses, Discord's error codes and
 * JSON error bodies, rate-limit headers, a call log, and injectable faults (429 with retry_after, one-off 5xx).
 */
final class RestApi {
    static final String PREFIX = "/api/v10/";

    /** A parsed request: path parameters, JSON body, query and the audit-log reason. */
    static final class Call {
        final Map<String, String> params;
        final JsonObject body;
        final JsonArray bodyArray;
        final MultiMap query;
        final String reason;

        Call(Map<String, String> params, JsonObject body, JsonArray bodyArray, MultiMap query, String reason) {
            this.params = params;
            this.body = body;
            this.bodyArray = bodyArray;
            this.query = query;
            this.reason = reason;
        }

        long id(String name) {
            try {
                return Long.parseLong(params.get(name));
            } catch (NumberFormatException e) {
                throw DiscordApiException.invalidForm(name, "NUMBER_TYPE_COERCE",
                        "Value \"" + params.get(name) + "\" is not snowflake.");
            }
        }

        JsonObject body() {
            return body == null ? new JsonObject() : body;
        }
    }

    @FunctionalInterface
    interface Handler {
        /** Returns a JsonObject or JsonArray for 200, or null for 204. */
        Object handle(Call call);
    }

    record Route(String method, String template, String[] segments, boolean needsBotToken, Handler handler) {
        Map<String, String> match(String method, String[] path) {
            if (!this.method.equals(method) || path.length != segments.length) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.startsWith("{")) {
                    params.put(segment.substring(1, segment.length() - 1), path[i]);
                } else if (!segment.equals(path[i])) {
                    return null;
                }
            }
            return params;
        }

        String bucket() {
            return String.format("%08x", (method + " " + template).hashCode());
        }
    }

    /** A one-shot (or n-shot) injected failure for calls whose method and path match. */
    static final class Fault {
        final String method;
        final Pattern path;
        final int status;
        final double retryAfterSeconds;
        int remaining;

        Fault(String method, String pathRegex, int status, double retryAfterSeconds, int times) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.remaining = times;
        }
    }

    private final SandboxState state;
    private final List<Route> routes = new ArrayList<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private String gatewayUrl = "ws://127.0.0.1/";

    RestApi(SandboxState state) {
        this.state = state;
        registerRoutes();
    }

    void setGatewayUrl(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    // ---------------------------------------------------------------- call log and faults

    List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /** Blocks until the call log changes or the timeout passes (used by awaitCall). */
    void awaitNewCall(long afterSize, long timeoutMs) throws InterruptedException {
        synchronized (calls) {
            if (calls.size() <= afterSize) {
                calls.wait(timeoutMs);
            }
        }
    }

    void addFault(Fault fault) {
        synchronized (faults) {
            faults.add(fault);
        }
    }

    void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    private Fault takeFault(String method, String path) {
        synchronized (faults) {
            for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
                Fault fault = it.next();
                if ((fault.method == null || fault.method.equalsIgnoreCase(method)) && fault.path.matcher(path).matches()) {
                    if (--fault.remaining <= 0) {
                        it.remove();
                    }
                    return fault;
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- HTTP plumbing

    void handle(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String rawPath = ctx.request().path().substring(PREFIX.length());
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        String path = String.join("/", segments);
        String query = ctx.request().query() == null ? "" : ctx.request().query();
        String bodyText = requestBodyText(ctx);
        Map<String, String> headers = new LinkedHashMap<>();
        String reasonHeader = ctx.request().getHeader("X-Audit-Log-Reason");
        String reason = reasonHeader == null ? null : URLDecoder.decode(reasonHeader.replace("+", "%2B"),
                StandardCharsets.UTF_8);
        if (reason != null) {
            headers.put("X-Audit-Log-Reason", reason);
        }
        String authorization = ctx.request().getHeader("Authorization");
        headers.put("Authorization", authorization == null ? "absent" : authorization.startsWith("Bot ")
                ? "Bot <token>" : "other");
        if (ctx.request().getHeader("Content-Type") != null) {
            headers.put("Content-Type", ctx.request().getHeader("Content-Type"));
        }

        Route route = null;
        Map<String, String> params = null;
        for (Route candidate : routes) {
            params = candidate.match(method, segments);
            if (params != null) {
                route = candidate;
                break;
            }
        }

        int status;
        Object responseBody;
        int errorCode = 0;
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Type", "application/json");
        response.putHeader("Via", "1.1 google");
        if (route == null) {
            status = 404;
            responseBody = new JsonObject().put("message", "404: Not Found").put("code", 0);
        } else if (route.needsBotToken() && !("Bot " + state.botToken).equals(authorization)) {
            status = 401;
            responseBody = new JsonObject().put("message", "401: Unauthorized").put("code", 0);
        } else {
            putRateLimitHeaders(response, route, 49);
            Fault fault = takeFault(method, path);
            if (fault != null && fault.status == 429) {
                status = 429;
                putRateLimitHeaders(response, route, 0);
                response.putHeader("Retry-After", Long.toString((long) Math.ceil(fault.retryAfterSeconds)));
                response.putHeader("X-RateLimit-Reset-After", Double.toString(fault.retryAfterSeconds));
                response.putHeader("X-RateLimit-Scope", "user");
                responseBody = new JsonObject().put("message", "You are being rate limited.")
                        .put("retry_after", fault.retryAfterSeconds).put("global", false);
            } else if (fault != null) {
                status = fault.status;
                responseBody = new JsonObject().put("message", status + ": Sandbox injected failure").put("code", 0);
            } else {
                try {
                    Call call = parseCall(params, bodyText, ctx.request().params(), reason);
                    Object result;
                    synchronized (state) {
                        result = route.handler().handle(call);
                    }
                    status = result == null ? 204 : 200;
                    responseBody = result;
                } catch (DiscordApiException e) {
                    status = e.status;
                    errorCode = e.code;
                    responseBody = e.body();
                }
            }
        }
        if (responseBody instanceof JsonObject object && object.containsKey("code") && status >= 400) {
            errorCode = object.getInteger("code");
        }
        record(new RecordedCall(0, method, path, query, route == null ? null : route.method() + " " + route.template(),
                bodyText, headers, status, errorCode, state.now()));
        response.setStatusCode(status);
        if (responseBody == null) {
            // as Discord: a 204 has no body and so no content type (a client trusting the header would parse nothing)
            response.headers().remove("Content-Type");
            response.end();
        } else if (responseBody instanceof JsonArray array) {
            response.end(array.encode());
        } else {
            response.end(((JsonObject) responseBody).encode());
        }
    }

    private static String requestBodyText(RoutingContext ctx) {
        String payloadJson = ctx.request().formAttributes().get("payload_json");
        if (payloadJson != null) {
            return payloadJson;
        }
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        return buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
    }

    private static Call parseCall(Map<String, String> params, String bodyText, MultiMap query, String reason) {
        JsonObject body = null;
        JsonArray bodyArray = null;
        String trimmed = bodyText.trim();
        try {
            if (trimmed.startsWith("{")) {
                body = new JsonObject(trimmed);
            } else if (trimmed.startsWith("[")) {
                bodyArray = new JsonArray(trimmed);
            }
        } catch (DecodeException e) {
            throw new DiscordApiException(400, 50109, "The request body contains invalid JSON.");
        }
        return new Call(params, body, bodyArray, query, reason);
    }

    private void record(RecordedCall call) {
        synchronized (calls) {
            calls.add(new RecordedCall(calls.isEmpty() ? 1 : calls.get(calls.size() - 1).seq() + 1, call.method(),
                    call.path(), call.query(), call.route(), call.body(), call.headers(), call.status(),
                    call.errorCode(), call.at()));
            calls.notifyAll();
        }
    }

    private static void putRateLimitHeaders(HttpServerResponse response, Route route, int remaining) {
        double resetAfter = 1.0;
        response.putHeader("X-RateLimit-Limit", "50");
        response.putHeader("X-RateLimit-Remaining", Integer.toString(remaining));
        response.putHeader("X-RateLimit-Reset", String.format("%.3f",
                System.currentTimeMillis() / 1000.0 + resetAfter));
        response.putHeader("X-RateLimit-Reset-After", Double.toString(resetAfter));
        response.putHeader("X-RateLimit-Bucket", route.bucket());
    }

    private void route(String method, String template, Handler handler) {
        routes.add(new Route(method, template, template.split("/"), true, handler));
    }

    /** Interaction callbacks and webhook-token routes are authenticated by their token, not the bot token. */
    private void tokenRoute(String method, String template, Handler handler) {
        routes.add(new Route(method, template, template.split("/"), false, handler));
    }

    // ---------------------------------------------------------------- routes

    private void registerRoutes() {
        route("GET", "users/@me", call -> state.selfUserJson());
        route("GET", "users/{user_id}", call -> state.userJson(state.requireUser(call.id("user_id"))));
        route("GET", "gateway", call -> new JsonObject().put("url", gatewayUrl));
        route("GET", "gateway/bot", call -> new JsonObject().put("url", gatewayUrl).put("shards", 1)
                .put("session_start_limit", new JsonObject().put("total", 1000).put("remaining", 1000)
                        .put("reset_after", 0).put("max_concurrency", 1)));
        route("GET", "applications/@me", call -> applicationJson());
        route("GET", "oauth2/applications/@me", call -> applicationJson());

        route("GET", "applications/{application_id}/commands", call -> new JsonArray(List.copyOf(
                state.globalCommands)));
        route("PUT", "applications/{application_id}/commands", call -> new JsonArray(List.copyOf(
                state.replaceCommands(state.globalCommands, bulk(call), null))));
        route("POST", "applications/{application_id}/commands", call -> upsertCommand(state.globalCommands,
                call.body(), null));
        route("DELETE", "applications/{application_id}/commands/{command_id}", call -> deleteCommand(
                state.globalCommands, call.params.get("command_id")));
        route("GET", "applications/{application_id}/guilds/{guild_id}/commands", call -> {
            state.requireGuild(call.id("guild_id"));
            return new JsonArray(List.copyOf(state.guildCommands));
        });
        route("PUT", "applications/{application_id}/guilds/{guild_id}/commands", call -> {
            state.requireGuild(call.id("guild_id"));
            return new JsonArray(List.copyOf(state.replaceCommands(state.guildCommands, bulk(call), state.guildId)));
        });
        route("POST", "applications/{application_id}/guilds/{guild_id}/commands", call -> {
            state.requireGuild(call.id("guild_id"));
            return upsertCommand(state.guildCommands, call.body(), state.guildId);
        });
        route("DELETE", "applications/{application_id}/guilds/{guild_id}/commands/{command_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            return deleteCommand(state.guildCommands, call.params.get("command_id"));
        });

        route("GET", "guilds/{guild_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            JsonObject guild = state.guildCreateJson();
            for (String key : List.of("members", "channels", "threads", "presences", "voice_states",
                    "guild_scheduled_events", "stage_instances", "member_count", "large", "joined_at")) {
                guild.remove(key);
            }
            return guild;
        });
        route("GET", "guilds/{guild_id}/channels", call -> {
            state.requireGuild(call.id("guild_id"));
            JsonArray channels = new JsonArray();
            state.channels.values().stream().filter(channel -> !channel.isDm())
                    .forEach(channel -> channels.add(state.channelJson(channel)));
            return channels;
        });
        route("GET", "guilds/{guild_id}/roles", call -> {
            state.requireGuild(call.id("guild_id"));
            JsonArray roles = new JsonArray();
            state.roles.values().forEach(role -> roles.add(state.roleJson(role)));
            return roles;
        });
        route("GET", "guilds/{guild_id}/members", call -> {
            state.requireGuild(call.id("guild_id"));
            int limit = Integer.parseInt(call.query.get("limit") == null ? "1" : call.query.get("limit"));
            long after = Long.parseLong(call.query.get("after") == null ? "0" : call.query.get("after"));
            JsonArray members = new JsonArray();
            state.members.values().stream().filter(member -> member.userId > after)
                    .sorted((a, b) -> Long.compare(a.userId, b.userId)).limit(limit)
                    .forEach(member -> members.add(state.memberJson(member, true)));
            return members;
        });
        route("GET", "guilds/{guild_id}/members/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            return state.memberJson(state.requireMember(call.id("user_id")), true);
        });
        route("PATCH", "guilds/{guild_id}/members/{user_id}", this::modifyMember);
        route("DELETE", "guilds/{guild_id}/members/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            long userId = call.id("user_id");
            state.requireMember(userId);
            state.requireBotGuildPermission(Permissions.KICK_MEMBERS);
            state.requireBotAbove(userId);
            state.removeMember(userId);
            return null;
        });
        route("PUT", "guilds/{guild_id}/members/{user_id}/roles/{role_id}", call -> changeRole(call, true));
        route("DELETE", "guilds/{guild_id}/members/{user_id}/roles/{role_id}", call -> changeRole(call, false));
        route("GET", "guilds/{guild_id}/bans", call -> {
            state.requireGuild(call.id("guild_id"));
            state.requireBotGuildPermission(Permissions.BAN_MEMBERS);
            JsonArray bans = new JsonArray();
            state.bans.keySet().forEach(userId -> bans.add(state.banJson(userId)));
            return bans;
        });
        route("GET", "guilds/{guild_id}/bans/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            state.requireBotGuildPermission(Permissions.BAN_MEMBERS);
            if (!state.bans.containsKey(call.id("user_id"))) {
                throw DiscordApiException.unknownBan();
            }
            return state.banJson(call.id("user_id"));
        });
        route("PUT", "guilds/{guild_id}/bans/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            long userId = call.id("user_id");
            state.requireUser(userId);
            state.requireBotGuildPermission(Permissions.BAN_MEMBERS);
            if (state.members.containsKey(userId)) {
                state.requireBotAbove(userId);
            }
            int deleteSeconds = call.body().getInteger("delete_message_seconds", 0);
            if (deleteSeconds < 0 || deleteSeconds > 604800) {
                throw DiscordApiException.invalidForm("delete_message_seconds", "NUMBER_TYPE_MAX",
                        "int value should be less than or equal to 604800.");
            }
            if (deleteSeconds > 0) {
                Instant cutoff = state.now().minusSeconds(deleteSeconds);
                new ArrayList<>(state.messages.values()).stream()
                        .filter(message -> message.authorId == userId && message.timestamp.isAfter(cutoff))
                        .forEach(state::deleteMessage);
            }
            state.ban(userId, call.reason);
            return null;
        });
        route("DELETE", "guilds/{guild_id}/bans/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            state.requireBotGuildPermission(Permissions.BAN_MEMBERS);
            if (!state.bans.containsKey(call.id("user_id"))) {
                throw DiscordApiException.unknownBan();
            }
            state.unban(call.id("user_id"));
            return null;
        });

        route("GET", "channels/{channel_id}", call -> state.channelJson(state.requireChannel(call.id("channel_id"))));
        route("PATCH", "channels/{channel_id}", this::modifyChannel);
        route("PUT", "channels/{channel_id}/permissions/{overwrite_id}", call -> {
            SandboxState.Channel channel = state.requireChannel(call.id("channel_id"));
            state.requireBotChannelPermission(channel, Permissions.MANAGE_ROLES);
            long id = call.id("overwrite_id");
            JsonObject body = call.body();
            channel.overwrites.put(id, new Permissions.Overwrite(id, body.getInteger("type", 0),
                    parseBits(body.getValue("allow")), parseBits(body.getValue("deny"))));
            state.dispatchChannelUpdate(channel);
            return null;
        });
        route("DELETE", "channels/{channel_id}/permissions/{overwrite_id}", call -> {
            SandboxState.Channel channel = state.requireChannel(call.id("channel_id"));
            state.requireBotChannelPermission(channel, Permissions.MANAGE_ROLES);
            channel.overwrites.remove(call.id("overwrite_id"));
            state.dispatchChannelUpdate(channel);
            return null;
        });
        route("POST", "channels/{channel_id}/typing", call -> {
            state.requireChannel(call.id("channel_id"));
            return null;
        });
        route("GET", "channels/{channel_id}/messages", this::messageHistory);
        route("POST", "channels/{channel_id}/messages", call -> {
            SandboxState.Channel channel = state.requireChannel(call.id("channel_id"));
            if (channel.isDm()) {
                if (state.users.get(channel.recipientId).dmsClosed) {
                    throw new DiscordApiException(403, 50007, "Cannot send messages to this user");
                }
            } else {
                state.requireBotChannelPermission(channel, Permissions.SEND_MESSAGES);
            }
            return state.messageJson(state.createMessage(channel.id, state.botId, call.body(), null, 0, true));
        });
        route("GET", "channels/{channel_id}/messages/{message_id}", call -> state.messageJson(
                state.requireMessage(call.id("channel_id"), call.id("message_id"))));
        route("PATCH", "channels/{channel_id}/messages/{message_id}", call -> {
            SandboxState.Message message = state.requireMessage(call.id("channel_id"), call.id("message_id"));
            if (message.authorId != state.botId) {
                throw new DiscordApiException(403, 50005, "Cannot edit a message authored by another user");
            }
            return state.messageJson(state.editMessage(message, call.body()));
        });
        route("DELETE", "channels/{channel_id}/messages/{message_id}", call -> {
            SandboxState.Message message = state.requireMessage(call.id("channel_id"), call.id("message_id"));
            SandboxState.Channel channel = state.requireChannel(message.channelId);
            if (message.authorId != state.botId && !channel.isDm()) {
                state.requireBotChannelPermission(channel, Permissions.MANAGE_MESSAGES);
            }
            state.deleteMessage(message);
            return null;
        });
        route("POST", "channels/{channel_id}/messages/bulk-delete", this::bulkDelete);
        route("PUT", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", call -> {
            SandboxState.Message message = state.requireMessage(call.id("channel_id"), call.id("message_id"));
            SandboxState.Channel channel = state.requireChannel(message.channelId);
            if (!channel.isDm()) {
                state.requireBotChannelPermission(channel, Permissions.ADD_REACTIONS);
            }
            state.addReaction(message, state.botId, call.params.get("emoji"));
            return null;
        });
        route("DELETE", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", call -> {
            SandboxState.Message message = state.requireMessage(call.id("channel_id"), call.id("message_id"));
            state.removeReaction(message, state.botId, call.params.get("emoji"));
            return null;
        });
        route("DELETE", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}", call -> {
            SandboxState.Message message = state.requireMessage(call.id("channel_id"), call.id("message_id"));
            state.requireBotChannelPermission(state.requireChannel(message.channelId), Permissions.MANAGE_MESSAGES);
            state.removeReaction(message, call.id("user_id"), call.params.get("emoji"));
            return null;
        });
        route("POST", "users/@me/channels", call -> {
            String recipient = call.body().getString("recipient_id");
            if (recipient == null) {
                throw DiscordApiException.invalidForm("recipient_id", "BASE_TYPE_REQUIRED",
                        "This field is required");
            }
            return state.channelJson(state.dmChannel(Long.parseLong(recipient)));
        });

        tokenRoute("POST", "interactions/{interaction_id}/{interaction_token}/callback", this::interactionCallback);
        tokenRoute("POST", "webhooks/{application_id}/{interaction_token}", this::followup);
        tokenRoute("GET", "webhooks/{application_id}/{interaction_token}/messages/{message_id}", call -> {
            SandboxState.Interaction interaction = liveInteraction(call);
            SandboxState.Message message = webhookMessage(interaction, call.params.get("message_id"));
            if (message == null) {
                throw DiscordApiException.unknownMessage();
            }
            return state.messageJson(message);
        });
        tokenRoute("PATCH", "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
                this::editWebhookMessage);
        tokenRoute("DELETE", "webhooks/{application_id}/{interaction_token}/messages/{message_id}", call -> {
            SandboxState.Interaction interaction = liveInteraction(call);
            SandboxState.Message message = webhookMessage(interaction, call.params.get("message_id"));
            if (message == null) {
                throw DiscordApiException.unknownMessage();
            }
            state.ephemeralMessages.remove(message.id);
            if (state.messages.containsKey(message.id)) {
                state.deleteMessage(message);
            }
            return null;
        });
    }

    private JsonObject applicationJson() {
        return new JsonObject()
                .put("id", Long.toString(state.applicationId))
                .put("name", "Volvox")
                .put("icon", null)
                .put("description", "Volvox.Bot (sandbox)")
                .put("bot_public", false)
                .put("bot_require_code_grant", false)
                .put("flags", 0)
                .put("team", null)
                .put("owner", state.userJson(state.users.get(state.ownerId)))
                .put("bot", state.selfUserJson())
                .put("verify_key", "sandbox")
                .put("approximate_guild_count", 1);
    }

    private static JsonArray bulk(Call call) {
        if (call.bodyArray == null) {
            throw DiscordApiException.invalidForm("_body", "BASE_TYPE_REQUIRED", "An array of commands is required");
        }
        return call.bodyArray;
    }

    private JsonObject upsertCommand(List<JsonObject> target, JsonObject definition, Long commandGuildId) {
        for (int i = 0; i < target.size(); i++) {
            if (target.get(i).getString("name").equals(definition.getString("name"))) {
                JsonObject updated = state.commandJson(definition, Long.parseLong(target.get(i).getString("id")),
                        commandGuildId);
                target.set(i, updated);
                return updated;
            }
        }
        JsonObject created = state.commandJson(definition, state.nextId(), commandGuildId);
        target.add(created);
        return created;
    }

    private static Object deleteCommand(List<JsonObject> target, String commandId) {
        if (!target.removeIf(command -> command.getString("id").equals(commandId))) {
            throw new DiscordApiException(404, 10063, "Unknown application command");
        }
        return null;
    }

    private static long parseBits(Object value) {
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }

    private Object modifyMember(Call call) {
        state.requireGuild(call.id("guild_id"));
        long userId = call.id("user_id");
        SandboxState.Member member = state.requireMember(userId);
        JsonObject body = call.body();
        if (body.containsKey("communication_disabled_until")) {
            state.requireBotGuildPermission(Permissions.MODERATE_MEMBERS);
            state.requireBotAbove(userId);
            if ((state.basePermissions(userId) & Permissions.ADMINISTRATOR) != 0) {
                throw DiscordApiException.missingPermissions();
            }
            String until = body.getString("communication_disabled_until");
            if (until == null) {
                member.timeoutUntil = null;
            } else {
                Instant end;
                try {
                    end = OffsetDateTime.parse(until).toInstant();
                } catch (DateTimeParseException e) {
                    throw DiscordApiException.invalidForm("communication_disabled_until", "DATE_TIME_TYPE_PARSE",
                            "Could not parse " + until + ". Should be ISO8601.");
                }
                if (end.isAfter(state.now().plus(SandboxState.MAX_TIMEOUT))) {
                    throw DiscordApiException.invalidForm("communication_disabled_until", "BASE_TYPE_BAD_TIME",
                            "Timeout cannot be longer than 28 days");
                }
                member.timeoutUntil = end.isAfter(state.now()) ? end : null;
            }
        }
        if (body.containsKey("nick")) {
            state.requireBotGuildPermission(Permissions.MANAGE_NICKNAMES);
            state.requireBotAbove(userId);
            member.nick = body.getString("nick");
        }
        if (body.containsKey("roles")) {
            state.requireBotGuildPermission(Permissions.MANAGE_ROLES);
            List<Long> newRoles = SandboxState.ids(body.getJsonArray("roles").getList());
            for (long roleId : newRoles) {
                SandboxState.Role role = state.requireRole(roleId);
                if (!member.roles.contains(roleId)) {
                    state.requireBotAboveRole(role);
                }
            }
            for (long roleId : member.roles) {
                if (!newRoles.contains(roleId)) {
                    state.requireBotAboveRole(state.requireRole(roleId));
                }
            }
            member.roles.clear();
            member.roles.addAll(newRoles);
        }
        if (body.containsKey("channel_id")) {
            state.requireBotGuildPermission(Permissions.MOVE_MEMBERS);
            String channelId = body.getString("channel_id");
            state.setVoiceChannel(userId, channelId == null ? null : Long.parseLong(channelId));
        }
        state.dispatchMemberUpdate(member);
        return state.memberJson(member, true);
    }

    private Object changeRole(Call call, boolean add) {
        state.requireGuild(call.id("guild_id"));
        SandboxState.Member member = state.requireMember(call.id("user_id"));
        SandboxState.Role role = state.requireRole(call.id("role_id"));
        state.requireBotGuildPermission(Permissions.MANAGE_ROLES);
        state.requireBotAboveRole(role);
        boolean changed = add ? !member.roles.contains(role.id) && member.roles.add(role.id)
                : member.roles.remove(role.id);
        if (changed) {
            state.dispatchMemberUpdate(member);
        }
        return null;
    }

    private Object modifyChannel(Call call) {
        SandboxState.Channel channel = state.requireChannel(call.id("channel_id"));
        state.requireBotChannelPermission(channel, Permissions.MANAGE_CHANNELS);
        JsonObject body = call.body();
        if (body.containsKey("rate_limit_per_user")) {
            int slowmode = body.getInteger("rate_limit_per_user", 0);
            if (slowmode < 0 || slowmode > 21600) {
                throw DiscordApiException.invalidForm("rate_limit_per_user", "NUMBER_TYPE_MAX",
                        "int value should be less than or equal to 21600.");
            }
            channel.rateLimitPerUser = slowmode;
        }
        if (body.containsKey("name")) {
            channel.name = body.getString("name");
        }
        if (body.containsKey("topic")) {
            channel.topic = body.getString("topic");
        }
        if (body.containsKey("position")) {
            channel.position = body.getInteger("position");
        }
        if (body.containsKey("permission_overwrites")) {
            channel.overwrites.clear();
            for (JsonObject overwrite : SandboxState.objects(body.getJsonArray("permission_overwrites"))) {
                long id = Long.parseLong(overwrite.getString("id"));
                channel.overwrites.put(id, new Permissions.Overwrite(id, overwrite.getInteger("type", 0),
                        parseBits(overwrite.getValue("allow")), parseBits(overwrite.getValue("deny"))));
            }
        }
        state.dispatchChannelUpdate(channel);
        return state.channelJson(channel);
    }

    /**
     * Discord's message history: {@code limit} 1–100 (default 50), newest first; {@code around} the messages next to
     * an id (half older, the rest from it on), else {@code before} an id, else {@code after} one (the oldest ones
     * after it, still returned newest first).
     */
    private Object messageHistory(Call call) {
        SandboxState.Channel channel = state.requireChannel(call.id("channel_id"));
        state.requireBotChannelPermission(channel, Permissions.READ_MESSAGE_HISTORY);
        int limit = (int) queryNumber(call, "limit", 50);
        if (limit < 1 || limit > 100) {
            throw DiscordApiException.invalidForm("limit", limit < 1 ? "NUMBER_TYPE_MIN" : "NUMBER_TYPE_MAX",
                    limit < 1 ? "int value should be greater than or equal to 1."
                            : "int value should be less than or equal to 100.");
        }
        List<SandboxState.Message> newestFirst = state.channelMessagesNewestFirst(channel.id);
        List<SandboxState.Message> page;
        if (call.query.contains("around")) {
            long around = queryNumber(call, "around", 0);
            int older = limit / 2;
            List<SandboxState.Message> fromAround = newestFirst.stream().filter(m -> m.id >= around).toList();
            page = new ArrayList<>(fromAround.subList(Math.max(0, fromAround.size() - (limit - older)),
                    fromAround.size()));
            newestFirst.stream().filter(m -> m.id < around).limit(older).forEach(page::add);
        } else if (call.query.contains("before")) {
            long before = queryNumber(call, "before", 0);
            page = newestFirst.stream().filter(m -> m.id < before).limit(limit).toList();
        } else if (call.query.contains("after")) {
            long after = queryNumber(call, "after", 0);
            List<SandboxState.Message> newer = newestFirst.stream().filter(m -> m.id > after).toList();
            page = newer.subList(Math.max(0, newer.size() - limit), newer.size());
        } else {
            page = newestFirst.stream().limit(limit).toList();
        }
        JsonArray result = new JsonArray();
        page.forEach(message -> result.add(state.messageJson(message)));
        return result;
    }

    private static long queryNumber(Call call, String name, long absent) {
        String value = call.query.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw DiscordApiException.invalidForm(name, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not int.");
        }
    }

    private Object bulkDelete(Call call) {
        SandboxState.Channel channel = state.requireChannel(call.id("channel_id"));
        state.requireBotChannelPermission(channel, Permissions.MANAGE_MESSAGES);
        JsonArray ids = call.body().getJsonArray("messages", new JsonArray());
        if (ids.size() < 2 || ids.size() > 100) {
            throw DiscordApiException.invalidForm("messages", ids.size() < 2 ? "BASE_TYPE_MIN_LENGTH"
                    : "BASE_TYPE_MAX_LENGTH", "Must be between 2 and 100 in length.");
        }
        Instant twoWeeksAgo = state.now().minus(Duration.ofDays(14));
        List<Long> messageIds = SandboxState.ids(ids.getList());
        for (long id : messageIds) {
            // Discord judges the age by the snowflake, so even an id it does not know can be too old.
            if (Snowflakes.timeOf(id).isBefore(twoWeeksAgo)) {
                throw new DiscordApiException(400, 50034,
                        "You can only bulk delete messages that are under 14 days old.");
            }
        }
        state.bulkDelete(channel.id, messageIds);
        return null;
    }

    private Object interactionCallback(Call call) {
        SandboxState.Interaction interaction = state.interactions.get(call.id("interaction_id"));
        if (interaction == null || !interaction.token.equals(call.params.get("interaction_token"))) {
            throw new DiscordApiException(404, 10062, "Unknown interaction");
        }
        long elapsedMs = (state.nowNanos() - interaction.dispatchedNanos) / 1_000_000;
        if (interaction.callbackType != 0) {
            interaction.rejectedCallbacks++;
            throw new DiscordApiException(400, 40060, "Interaction has already been acknowledged.");
        }
        if (elapsedMs > SandboxState.INTERACTION_CALLBACK_WINDOW.toMillis()) {
            interaction.rejectedCallbacks++;
            throw new DiscordApiException(404, 10062, "Unknown interaction");
        }
        JsonObject body = call.body();
        int type = body.getInteger("type", 0);
        JsonObject data = body.getJsonObject("data", new JsonObject());
        if (type < 4 || type > 10) {
            throw DiscordApiException.invalidForm("type", "BASE_TYPE_CHOICES", "Value must be one of (4, 5, 6, 7, 8, 9, 10).");
        }
        int flags = data.getInteger("flags", 0);
        JsonObject resource = new JsonObject().put("type", type);
        if (type == 4) {
            SandboxState.Message message = state.createMessage(interaction.channelId, state.botId, data,
                    state.applicationId, 0, true);
            interaction.originalMessageId = message.id;
            interaction.originalContent = message.content;
            interaction.callbackContent = message.content;
            resource.put("message", state.messageJson(message));
        } else if (type == 5 && (flags & SandboxState.EPHEMERAL) == 0) {
            // A visible "is thinking..." message, edited later through @original.
            SandboxState.Message loading = new SandboxState.Message(state.nextId(), interaction.channelId,
                    state.botId, "", state.now());
            loading.webhookId = state.applicationId;
            loading.flags = SandboxState.LOADING;
            loading.type = 20;
            state.messages.put(loading.id, loading);
            state.dispatchMessageCreate(loading);
            interaction.originalMessageId = loading.id;
        } else if (type == 7) {
            SandboxState.Message original = interaction.componentMessageId == null ? null
                    : state.messages.get(interaction.componentMessageId);
            if (original != null) {
                state.editMessage(original, data);
                interaction.callbackContent = original.content;
            }
        }
        interaction.callbackType = type;
        interaction.ephemeral = (flags & SandboxState.EPHEMERAL) != 0;
        interaction.callbackElapsedMs = elapsedMs;
        interaction.callbackBody = body.encode();
        JsonObject interactionJson = new JsonObject().put("id", Long.toString(interaction.id))
                .put("type", interaction.type)
                .put("response_message_loading", type == 5)
                .put("response_message_ephemeral", interaction.ephemeral);
        if (interaction.originalMessageId != null) {
            interactionJson.put("response_message_id", Long.toString(interaction.originalMessageId));
        }
        return new JsonObject().put("interaction", interactionJson).put("resource", resource);
    }

    private SandboxState.Interaction liveInteraction(Call call) {
        SandboxState.Interaction interaction = state.interactionByToken(call.params.get("interaction_token"));
        if (interaction == null || !Long.toString(state.applicationId).equals(call.params.get("application_id"))) {
            throw new DiscordApiException(404, 10015, "Unknown Webhook");
        }
        if (state.now().isAfter(interaction.createdAt.plus(SandboxState.INTERACTION_TOKEN_LIFETIME))) {
            throw new DiscordApiException(401, 50027, "Invalid Webhook Token");
        }
        if (interaction.callbackType == 0) {
            throw new DiscordApiException(404, 10015, "Unknown Webhook");
        }
        return interaction;
    }

    private SandboxState.Message webhookMessage(SandboxState.Interaction interaction, String messageId) {
        long id = "@original".equals(messageId) ? interaction.originalMessageId == null ? -1
                : interaction.originalMessageId : Long.parseLong(messageId);
        SandboxState.Message message = state.messages.containsKey(id) ? state.messages.get(id)
                : state.ephemeralMessages.get(id);
        if (message == null && id == -1 && interaction.ephemeral) {
            // An ephemeral deferral has no stored message yet; Discord creates it on the first edit.
            return null;
        }
        if (message == null) {
            throw DiscordApiException.unknownMessage();
        }
        return message;
    }

    private Object followup(Call call) {
        SandboxState.Interaction interaction = liveInteraction(call);
        JsonObject body = call.body();
        SandboxState.Message message;
        boolean completesDeferral = interaction.callbackType == 5 && interaction.originalContent == null;
        SandboxState.Message loading = interaction.originalMessageId == null ? null
                : state.messages.get(interaction.originalMessageId);
        if (completesDeferral && loading != null) {
            // Discord: the first follow-up after a deferral replaces the "is thinking..." message.
            loading.flags &= ~SandboxState.LOADING;
            message = state.editMessage(loading, body);
            message.editedAt = null;
        } else {
            // ...and inherits the deferral's ephemerality.
            int flags = completesDeferral && interaction.ephemeral ? SandboxState.EPHEMERAL : 0;
            message = state.createMessage(interaction.channelId, state.botId, body, state.applicationId, flags,
                    true);
        }
        if (completesDeferral) {
            interaction.originalMessageId = message.id;
            interaction.originalContent = message.content;
        }
        boolean ephemeral = (message.flags & SandboxState.EPHEMERAL) != 0;
        interaction.followups.add(new InteractionState.Followup(Long.toString(message.id), message.content,
                ephemeral, body.encode()));
        return state.messageJson(message);
    }

    private Object editWebhookMessage(Call call) {
        SandboxState.Interaction interaction = liveInteraction(call);
        String messageId = call.params.get("message_id");
        JsonObject body = call.body();
        boolean original = "@original".equals(messageId);
        SandboxState.Message message = null;
        if (original && interaction.originalMessageId != null) {
            message = state.messages.containsKey(interaction.originalMessageId)
                    ? state.messages.get(interaction.originalMessageId)
                    : state.ephemeralMessages.get(interaction.originalMessageId);
        } else if (!original) {
            message = webhookMessage(interaction, messageId);
        }
        if (message == null) {
            // Ephemeral original responses are never visible in the channel; keep them on the interaction only.
            int flags = interaction.ephemeral ? SandboxState.EPHEMERAL : 0;
            message = state.createMessage(interaction.channelId, state.botId, body, state.applicationId, flags,
                    true);
            interaction.originalMessageId = message.id;
        } else {
            boolean wasLoading = (message.flags & SandboxState.LOADING) != 0;
            message.flags &= ~SandboxState.LOADING;
            state.editMessage(message, body);
            if (wasLoading) {
                message.editedAt = null;
            }
        }
        if (original || Long.valueOf(message.id).equals(interaction.originalMessageId)) {
            interaction.originalContent = message.content;
        } else {
            for (int i = 0; i < interaction.followups.size(); i++) {
                InteractionState.Followup followup = interaction.followups.get(i);
                if (followup.messageId().equals(Long.toString(message.id))) {
                    interaction.followups.set(i, new InteractionState.Followup(followup.messageId(),
                            message.content, followup.ephemeral(), body.encode()));
                }
            }
        }
        return state.messageJson(message);
    }
}
