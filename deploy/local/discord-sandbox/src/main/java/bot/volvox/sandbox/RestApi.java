package bot.volvox.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discord REST API v10 below {@code /api/v10/}: one Vert.x Web sub-router per Discord resource (channels, guilds,
 * users, applications, interactions and webhooks, ...), Discord's error codes and JSON error bodies, rate-limit
 * headers, the call log and injectable faults (429 with retry_after, one-off 5xx).
 */
final class RestApi {
    static final String PREFIX = "/api/v10/";

    /** A parsed request: path parameters, JSON body, query and the audit-log reason. */
    record Call(Map<String, String> params, JsonObject body, JsonArray bodyArray, MultiMap query, String reason) {

        long id(String name) {
            try {
                return Long.parseLong(params.get(name));
            } catch (NumberFormatException e) {
                throw DiscordApiException.invalidForm(name, "NUMBER_TYPE_COERCE",
                        "Value \"" + params.get(name) + "\" is not snowflake.");
            }
        }

        String param(String name) {
            return params.get(name);
        }

        @Override
        public JsonObject body() {
            return body == null ? new JsonObject() : body;
        }
    }

    @FunctionalInterface
    interface Handler {
        /** Returns a JsonObject or JsonArray for 200, or null for 204. */
        Object handle(Call call);
    }

    /**
     * Registers routes by Discord's own templates ({@code channels/{channel_id}/messages}): the first segment names
     * the resource, whose sub-router gets the rest as a Vert.x path ({@code /:channel_id/messages}).
     */
    final class Routes {
        private final Vertx vertx;
        private final Router api;
        private final Map<String, Router> resources = new LinkedHashMap<>();
        /** Each route's handlers, one per guild: the routes are registered once per guild's state. */
        private final Map<String, Map<SandboxState, Handler>> handlersByRoute = new LinkedHashMap<>();
        private SandboxState registering;

        private Routes(Vertx vertx, Router api) {
            this.vertx = vertx;
            this.api = api;
        }

        /** A route that needs the bot token. */
        void bot(String method, String template, Handler handler) {
            add(method, template, true, handler);
        }

        /** Interaction callbacks and webhook-token routes are authenticated by their token, not the bot token. */
        void token(String method, String template, Handler handler) {
            add(method, template, false, handler);
        }

        private void add(String method, String template, boolean needsBotToken, Handler handler) {
            int slash = template.indexOf('/');
            String resource = slash < 0 ? template : template.substring(0, slash);
            String rest = slash < 0 ? "/" : template.substring(slash);
            Map<SandboxState, Handler> handlers = handlersByRoute.get(method + " " + template);
            if (handlers != null) {
                handlers.put(registering, handler);
                return;
            }
            Map<SandboxState, Handler> perGuild = new LinkedHashMap<>();
            perGuild.put(registering, handler);
            handlersByRoute.put(method + " " + template, perGuild);
            Router router = resources.computeIfAbsent(resource, name -> Router.router(vertx));
            router.route(HttpMethod.valueOf(method), rest.replaceAll("\\{(\\w+)}", ":$1"))
                    .handler(ctx -> serve(ctx, method + " " + template, needsBotToken, perGuild));
        }

        private void mount() {
            resources.forEach((resource, router) -> {
                router.route().handler(RestApi.this::notFound);
                api.route("/" + resource + "*").subRouter(router);
            });
            api.route().handler(RestApi.this::notFound);
        }
    }

    /** Guild 0: the bot's token and the clock of the call log. */
    private final SandboxState state;
    private final List<SandboxState> guilds;
    private final CallLog calls;
    private final Faults faults = new Faults();
    private String gatewayUrl = "ws://127.0.0.1/";

    RestApi(SandboxState state, CallLog calls) {
        this(List.of(state), calls);
    }

    RestApi(List<SandboxState> guilds, CallLog calls) {
        this.state = guilds.get(0);
        this.guilds = List.copyOf(guilds);
        this.calls = calls;
    }

    void setGatewayUrl(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    String gatewayUrl() {
        return gatewayUrl;
    }

    Faults faults() {
        return faults;
    }

    /** The API router, to mount at {@link #PREFIX}. */
    Router router(Vertx vertx) {
        Router api = Router.router(vertx);
        Routes routes = new Routes(vertx, api);
        for (SandboxState guild : guilds) {
            routes.registering = guild;
            new ApplicationRoutes(guild, this).register(routes);
            new UserRoutes(guild).register(routes);
            new GuildRoutes(guild).register(routes);
            new ChannelRoutes(guild).register(routes);
            new InteractionRoutes(guild).register(routes);
        }
        routes.mount();
        return api;
    }

    // ---------------------------------------------------------------- HTTP plumbing

    private void notFound(RoutingContext ctx) {
        serve(ctx, null, false, null);
    }

    /** Answers one call the way Discord does and records it; {@code route} null means no route matched. */
    private void serve(RoutingContext ctx, String route, boolean needsBotToken, Map<SandboxState, Handler> handlers) {
        String method = ctx.request().method().name();
        String path = decodedPath(ctx.request().path().substring(PREFIX.length()));
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

        int status;
        Object responseBody;
        HttpServerResponse response = ctx.response();
        response.putHeader("Via", "1.1 google");
        if (route == null) {
            status = 404;
            responseBody = new JsonObject().put("message", "404: Not Found").put("code", 0);
        } else if (needsBotToken && !("Bot " + state.botToken).equals(authorization)) {
            status = 401;
            responseBody = new JsonObject().put("message", "401: Unauthorized").put("code", 0);
        } else {
            putRateLimitHeaders(response, route, 49);
            Faults.Fault fault = faults.take(method, path);
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
                    Call call = parseCall(ctx.pathParams(), bodyText, ctx.request().params(), reason);
                    SandboxState guild = guildOf(call);
                    attachUploads(ctx, call, guild);
                    Object result = handlers.get(guild).handle(call);
                    status = result == null ? 204 : 200;
                    responseBody = result;
                } catch (DiscordApiException e) {
                    status = e.status;
                    responseBody = e.body();
                }
            }
        }
        int errorCode = responseBody instanceof JsonObject object && object.containsKey("code") && status >= 400
                ? object.getInteger("code") : 0;
        calls.add(new RecordedCall(0, method, path, query, route, bodyText, headers, status, errorCode, state.now()));
        response.setStatusCode(status);
        if (responseBody == null) {
            // Discord sends no Content-Type on a 204, and some clients parse any body they are told is JSON
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json");
            response.end(responseBody instanceof JsonArray array ? array.encode()
                    : ((JsonObject) responseBody).encode());
        }
    }

    /**
     * The guild whose state answers a call: the one its guild, channel, interaction or user belongs to, guild 0
     * when none does (which then answers as Discord does for an id it does not know, e.g. 10004 Unknown Guild).
     */
    private SandboxState guildOf(Call call) {
        if (guilds.size() == 1) {
            return state;
        }
        Map<String, String> params = call.params();
        for (SandboxState guild : guilds) {
            if (params.containsKey("guild_id") && params.get("guild_id").equals(Long.toString(guild.guildId))
                    || params.containsKey("channel_id") && guild.channels.containsKey(parseOrZero(
                            params.get("channel_id")))
                    || params.containsKey("interaction_token")
                            && guild.interactionByToken(params.get("interaction_token")) != null
                    || !params.containsKey("guild_id") && !params.containsKey("channel_id")
                            && !params.containsKey("interaction_token")
                            && isGuildsUser(guild, params.getOrDefault("user_id",
                                    call.body().getString("recipient_id")))) {
                return guild;
            }
        }
        return state;
    }

    private static boolean isGuildsUser(SandboxState guild, String userId) {
        long id = parseOrZero(userId);
        return id != guild.botId && guild.users.containsKey(id);
    }

    private static long parseOrZero(String snowflake) {
        try {
            return snowflake == null ? 0 : Long.parseLong(snowflake);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The path as the call log shows it: each segment decoded, a literal '+' kept. */
    private static String decodedPath(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return String.join("/", segments);
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
        return new Call(Map.copyOf(params), body, bodyArray, query, reason);
    }

    /**
     * The files of a multipart request become the body's {@code attachments}, as Discord stores them (id, filename,
     * size, url): the stored bytes are kept by attachment id ({@code SandboxState.attachmentData}). Entries of
     * {@code payload_json} that name an earlier attachment by its snowflake (kept on an edit) stay.
     */
    private void attachUploads(RoutingContext ctx, Call call, SandboxState state) {
        if (ctx.fileUploads().isEmpty() || call.body() == null) {
            return;
        }
        JsonArray attachments = new JsonArray();
        for (Object given : call.body().getJsonArray("attachments", new JsonArray())) {
            if (given instanceof JsonObject entry && entry.getValue("id") != null
                    && entry.getValue("id").toString().length() > 5) {
                attachments.add(entry);
            }
        }
        for (io.vertx.ext.web.FileUpload upload : ctx.fileUploads()) {
            byte[] data;
            try {
                data = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(upload.uploadedFileName()));
            } catch (java.io.IOException e) {
                throw new DiscordApiException(400, 0, "The sandbox could not read an uploaded file: " + e);
            }
            long id = state.nextId();
            state.attachmentData.put(id, data);
            String channel = call.params().getOrDefault("channel_id", "0");
            String url = "https://cdn.discordapp.com/attachments/" + channel + "/" + id + "/" + upload.fileName();
            attachments.add(new JsonObject().put("id", Long.toString(id)).put("filename", upload.fileName())
                    .put("size", data.length).put("url", url)
                    .put("proxy_url", url.replace("cdn.discordapp.com", "media.discordapp.net"))
                    .put("content_type", upload.contentType()));
        }
        call.body().put("attachments", attachments);
    }

    /** Per call, so kept cheap (no {@code String.format}): the sandbox's own REST capacity is a benchmark baseline. */
    private static void putRateLimitHeaders(HttpServerResponse response, String route, int remaining) {
        long resetAtMillis = System.currentTimeMillis() + 1000;
        long fraction = resetAtMillis % 1000;
        response.putHeader("X-RateLimit-Limit", "50");
        response.putHeader("X-RateLimit-Remaining", Integer.toString(remaining));
        response.putHeader("X-RateLimit-Reset", resetAtMillis / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0"
                : ".") + fraction);
        response.putHeader("X-RateLimit-Reset-After", "1.0");
        response.putHeader("X-RateLimit-Bucket", bucket(route));
    }

    /** The route's bucket id as eight hex digits (its hash, as before: clients key their buckets by it). */
    private static String bucket(String route) {
        String hex = Integer.toHexString(route.hashCode());
        return "00000000".substring(hex.length()) + hex;
    }

    static long parseBits(Object value) {
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }

    static List<Long> snowflakes(JsonArray ids) {
        return SandboxState.ids(ids.getList());
    }
}
