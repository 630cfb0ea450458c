package bot.volvox.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The gateway URL, the application and its slash commands (global and guild). */
final class ApplicationRoutes {
    private final SandboxState state;
    private final RestApi rest;

    ApplicationRoutes(SandboxState state, RestApi rest) {
        this.state = state;
        this.rest = rest;
    }

    void register(RestApi.Routes routes) {
        routes.bot("GET", "gateway", call -> new JsonObject().put("url", rest.gatewayUrl()));
        routes.bot("GET", "gateway/bot", call -> new JsonObject().put("url", rest.gatewayUrl()).put("shards", 1)
                .put("session_start_limit", new JsonObject().put("total", 1000).put("remaining", 1000)
                        .put("reset_after", 0).put("max_concurrency", 1)));
        routes.bot("GET", "applications/@me", call -> state.json.application());
        routes.bot("GET", "oauth2/applications/@me", call -> state.json.application());

        routes.bot("GET", "applications/{application_id}/commands",
                call -> new JsonArray(List.copyOf(state.globalCommands)));
        routes.bot("PUT", "applications/{application_id}/commands", call -> new JsonArray(List.copyOf(
                state.replaceCommands(state.globalCommands, bulk(call), null))));
        routes.bot("POST", "applications/{application_id}/commands",
                call -> upsert(state.globalCommands, call.body(), null));
        routes.bot("DELETE", "applications/{application_id}/commands/{command_id}",
                call -> delete(state.globalCommands, call.param("command_id")));
        routes.bot("GET", "applications/{application_id}/guilds/{guild_id}/commands", call -> {
            state.requireGuild(call.id("guild_id"));
            return new JsonArray(List.copyOf(state.guildCommands));
        });
        routes.bot("PUT", "applications/{application_id}/guilds/{guild_id}/commands", call -> {
            state.requireGuild(call.id("guild_id"));
            return new JsonArray(List.copyOf(state.replaceCommands(state.guildCommands, bulk(call), state.guildId)));
        });
        routes.bot("POST", "applications/{application_id}/guilds/{guild_id}/commands", call -> {
            state.requireGuild(call.id("guild_id"));
            return upsert(state.guildCommands, call.body(), state.guildId);
        });
        routes.bot("DELETE", "applications/{application_id}/guilds/{guild_id}/commands/{command_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            return delete(state.guildCommands, call.param("command_id"));
        });
    }

    private static JsonArray bulk(RestApi.Call call) {
        if (call.bodyArray() == null) {
            throw DiscordApiException.invalidForm("_body", "BASE_TYPE_REQUIRED", "An array of commands is required");
        }
        return call.bodyArray();
    }

    private JsonObject upsert(List<JsonObject> target, JsonObject definition, Long commandGuildId) {
        for (int i = 0; i < target.size(); i++) {
            if (target.get(i).getString("name").equals(definition.getString("name"))) {
                JsonObject updated = state.json.command(definition, Long.parseLong(target.get(i).getString("id")),
                        commandGuildId);
                target.set(i, updated);
                return updated;
            }
        }
        JsonObject created = state.json.command(definition, state.nextId(), commandGuildId);
        target.add(created);
        return created;
    }

    private static Object delete(List<JsonObject> target, String commandId) {
        if (!target.removeIf(command -> command.getString("id").equals(commandId))) {
            throw new DiscordApiException(404, 10063, "Unknown application command");
        }
        return null;
    }
}
