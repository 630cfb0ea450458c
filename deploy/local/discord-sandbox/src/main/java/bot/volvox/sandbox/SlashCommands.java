package bot.volvox.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** Builds INTERACTION_CREATE payloads (commands, autocomplete, components, modals) the way Discord shapes them. */
final class SlashCommands {
    static final int SUB_COMMAND = 1;
    static final int SUB_COMMAND_GROUP = 2;
    static final int STRING = 3;
    static final int INTEGER = 4;
    static final int BOOLEAN = 5;
    static final int USER = 6;
    static final int CHANNEL = 7;
    static final int ROLE = 8;
    static final int MENTIONABLE = 9;
    static final int NUMBER = 10;

    private SlashCommands() {
    }

    static Interaction dispatchSlash(DiscordSandbox sandbox, SandboxState state, long userId,
                                                  long channelId, String commandLine, Map<String, ?> options,
                                                  String focusedOption) {
        String[] parts = commandLine.trim().split("\\s+");
        String name = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
        JsonObject definition = state.command(name);
        JsonArray leafDefinitions = definition == null ? null : definition.getJsonArray("options");
        String group = parts.length == 3 ? parts[1] : null;
        String subcommand = parts.length >= 2 ? parts[parts.length - 1] : null;
        if (group != null) {
            leafDefinitions = optionsOf(find(leafDefinitions, group));
        }
        if (subcommand != null) {
            leafDefinitions = optionsOf(find(leafDefinitions, subcommand));
        }

        JsonArray leaf = new JsonArray();
        JsonObject resolved = new JsonObject();
        for (Map.Entry<String, ?> entry : options.entrySet()) {
            JsonObject optionDefinition = find(leafDefinitions, entry.getKey());
            int type = optionDefinition != null ? optionDefinition.getInteger("type", STRING)
                    : inferType(sandbox, state, entry.getValue());
            Object value = convert(sandbox, state, type, entry.getValue());
            JsonObject option = new JsonObject().put("name", entry.getKey()).put("type", type).put("value", value);
            if (entry.getKey().equals(focusedOption)) {
                option.put("focused", true);
            }
            leaf.add(option);
            resolve(state, channelId, type, value, resolved);
        }
        JsonArray topLevel = leaf;
        if (subcommand != null) {
            topLevel = new JsonArray().add(new JsonObject().put("type", SUB_COMMAND).put("name", subcommand)
                    .put("options", leaf));
        }
        if (group != null) {
            topLevel = new JsonArray().add(new JsonObject().put("type", SUB_COMMAND_GROUP).put("name", group)
                    .put("options", topLevel));
        }
        JsonObject data = new JsonObject()
                .put("id", definition == null ? Long.toString(state.nextId()) : definition.getString("id"))
                .put("name", name)
                .put("type", 1)
                .put("options", topLevel);
        if (!resolved.isEmpty()) {
            data.put("resolved", resolved);
        }
        if (definition != null && definition.containsKey("guild_id")) {
            data.put("guild_id", definition.getString("guild_id"));
        }
        int interactionType = focusedOption == null ? 2 : 4;
        Interaction interaction = state.newInteraction(interactionType, String.join(" ", parts),
                channelId, userId);
        state.dispatchInteraction(state.json.interactionBase(interaction).put("data", data));
        return interaction;
    }

    static Interaction dispatchComponent(SandboxState state, long userId, Entities.Message message,
                                                      String customId, List<String> values) {
        JsonObject component = findComponent(message.componentsJson(), customId);
        if (component == null) {
            throw new IllegalArgumentException("Message " + message.id() + " has no component with custom id "
                    + customId);
        }
        JsonObject data = new JsonObject().put("custom_id", customId)
                .put("component_type", component.getInteger("type"));
        if (values != null) {
            data.put("values", new JsonArray(List.copyOf(values)));
        }
        Interaction interaction = state.newInteraction(3, customId, message.channelId(), userId);
        interaction.componentMessageId = message.id();
        state.dispatchInteraction(state.json.interactionBase(interaction).put("data", data)
                .put("message", state.json.message(message)));
        return interaction;
    }

    static Interaction dispatchModal(SandboxState state, long userId, long channelId, String customId,
                                                  Map<String, String> values) {
        JsonArray components = new JsonArray();
        int componentId = 1;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            components.add(new JsonObject().put("type", 18).put("id", componentId++)
                    .put("component", new JsonObject().put("type", 4).put("id", componentId++)
                            .put("custom_id", entry.getKey()).put("value", entry.getValue())));
        }
        Interaction interaction = state.newInteraction(5, customId, channelId, userId);
        state.dispatchInteraction(state.json.interactionBase(interaction).put("data", new JsonObject()
                .put("custom_id", customId).put("components", components)));
        return interaction;
    }

    private static JsonArray optionsOf(JsonObject definition) {
        return definition == null ? null : definition.getJsonArray("options");
    }

    private static JsonObject find(JsonArray definitions, String name) {
        if (definitions == null) {
            return null;
        }
        for (int i = 0; i < definitions.size(); i++) {
            JsonObject definition = definitions.getJsonObject(i);
            if (name.equals(definition.getString("name"))) {
                return definition;
            }
        }
        return null;
    }

    private static JsonObject findComponent(JsonArray components, String customId) {
        for (int i = 0; i < components.size(); i++) {
            JsonObject component = components.getJsonObject(i);
            if (customId.equals(component.getString("custom_id"))) {
                return component;
            }
            for (String key : List.of("components", "accessory", "component")) {
                Object nested = component.getValue(key);
                JsonObject found = null;
                if (nested instanceof JsonArray array) {
                    found = findComponent(array, customId);
                } else if (nested instanceof JsonObject object) {
                    found = findComponent(new JsonArray().add(object), customId);
                }
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static int inferType(DiscordSandbox sandbox, SandboxState state, Object value) {
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Integer || value instanceof Long) {
            return INTEGER;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        String text = String.valueOf(value);
        if (text.matches("\\d{15,20}")) {
            long id = Long.parseLong(text);
            if (state.users.containsKey(id)) {
                return USER;
            }
            if (state.roles.containsKey(id)) {
                return ROLE;
            }
            if (state.channels.containsKey(id)) {
                return CHANNEL;
            }
        }
        if (text.startsWith("@") && findRole(state, text.substring(1)) == null) {
            return USER;
        }
        if (text.startsWith("#")) {
            return CHANNEL;
        }
        return STRING;
    }

    private static Object convert(DiscordSandbox sandbox, SandboxState state, int type, Object value) {
        String text = String.valueOf(value);
        return switch (type) {
            case INTEGER -> value instanceof Number number ? number.longValue() : Long.parseLong(text);
            case NUMBER -> value instanceof Number number ? number.doubleValue() : Double.parseDouble(text);
            case BOOLEAN -> value instanceof Boolean bool ? bool : Boolean.parseBoolean(text);
            case USER -> Long.toString(sandbox.userId(text));
            case CHANNEL -> Long.toString(sandbox.channelId(text));
            case ROLE -> roleId(state, text);
            case MENTIONABLE -> {
                Entities.Role role = findRole(state, text.startsWith("@") ? text.substring(1) : text);
                yield role != null ? Long.toString(role.id()) : Long.toString(sandbox.userId(text));
            }
            default -> text;
        };
    }

    private static String roleId(SandboxState state, String text) {
        Entities.Role role = findRole(state, text.startsWith("@") ? text.substring(1) : text);
        if (role == null) {
            throw new IllegalArgumentException("Unknown role " + text);
        }
        return Long.toString(role.id());
    }

    private static Entities.Role findRole(SandboxState state, String nameOrId) {
        for (Entities.Role role : state.roles.values()) {
            if (Long.toString(role.id()).equals(nameOrId) || role.name().equalsIgnoreCase(nameOrId)) {
                return role;
            }
        }
        return null;
    }

    private static void resolve(SandboxState state, long channelId, int type, Object value, JsonObject resolved) {
        if (type != USER && type != CHANNEL && type != ROLE && type != MENTIONABLE) {
            return;
        }
        long id = Long.parseLong(String.valueOf(value));
        Entities.Channel inChannel = state.channels.get(channelId);
        if ((type == USER || type == MENTIONABLE) && state.users.containsKey(id)) {
            put(resolved, "users", id, state.json.user(state.users.get(id)));
            Entities.Member member = state.members.get(id);
            if (member != null) {
                put(resolved, "members", id, state.json.member(member, false)
                        .put("permissions", Long.toString(state.permissions.inChannel(id, inChannel))));
            }
        } else if ((type == ROLE || type == MENTIONABLE) && state.roles.containsKey(id)) {
            put(resolved, "roles", id, state.json.role(state.roles.get(id)));
        } else if (type == CHANNEL && state.channels.containsKey(id)) {
            Entities.Channel channel = state.channels.get(id);
            put(resolved, "channels", id, state.json.channel(channel)
                    .put("permissions", Long.toString(state.permissions.inChannel(state.botId, channel))));
        }
    }

    private static void put(JsonObject resolved, String kind, long id, JsonObject value) {
        JsonObject map = resolved.getJsonObject(kind);
        if (map == null) {
            map = new JsonObject();
            resolved.put(kind, map);
        }
        map.put(Long.toString(id), value);
    }
}
