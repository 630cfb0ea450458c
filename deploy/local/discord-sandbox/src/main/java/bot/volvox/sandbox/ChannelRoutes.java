package bot.volvox.sandbox;

import bot.volvox.sandbox.Entities.Channel;
import bot.volvox.sandbox.Entities.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Channels: settings and permission overwrites, messages (history, send, edit, delete, bulk) and reactions. */
final class ChannelRoutes {
    private final SandboxState state;
    private final PermissionCalculator permissions;

    ChannelRoutes(SandboxState state) {
        this.state = state;
        this.permissions = state.permissions;
    }

    void register(RestApi.Routes routes) {
        routes.bot("GET", "channels/{channel_id}", call -> state.json.channel(channel(call)));
        routes.bot("PATCH", "channels/{channel_id}", this::modifyChannel);
        routes.bot("PUT", "channels/{channel_id}/permissions/{overwrite_id}", call -> {
            Channel channel = channel(call);
            permissions.requireBotInChannel(channel, Permissions.MANAGE_ROLES);
            JsonObject body = call.body();
            state.updateChannel(channel.withOverwrite(new Permissions.Overwrite(call.id("overwrite_id"),
                    body.getInteger("type", 0), RestApi.parseBits(body.getValue("allow")),
                    RestApi.parseBits(body.getValue("deny")))));
            return null;
        });
        routes.bot("DELETE", "channels/{channel_id}/permissions/{overwrite_id}", call -> {
            Channel channel = channel(call);
            permissions.requireBotInChannel(channel, Permissions.MANAGE_ROLES);
            state.updateChannel(channel.withoutOverwrite(call.id("overwrite_id")));
            return null;
        });
        routes.bot("POST", "channels/{channel_id}/typing", call -> {
            channel(call);
            return null;
        });
        routes.bot("GET", "channels/{channel_id}/messages", this::messageHistory);
        routes.bot("POST", "channels/{channel_id}/messages", call -> {
            Channel channel = channel(call);
            if (channel.isDm()) {
                if (state.users.get(channel.recipientId()).dmsClosed()) {
                    throw new DiscordApiException(403, 50007, "Cannot send messages to this user");
                }
            } else {
                permissions.requireBotInChannel(channel, Permissions.SEND_MESSAGES);
            }
            return state.json.message(state.createMessage(channel.id(), state.botId, call.body(), null, 0, true));
        });
        routes.bot("POST", "channels/{channel_id}/messages/bulk-delete", this::bulkDelete);
        routes.bot("GET", "channels/{channel_id}/messages/{message_id}", call -> state.json.message(message(call)));
        routes.bot("PATCH", "channels/{channel_id}/messages/{message_id}", call -> {
            Message message = message(call);
            if (message.authorId() != state.botId) {
                throw new DiscordApiException(403, 50005, "Cannot edit a message authored by another user");
            }
            return state.json.message(state.editMessage(message, call.body()));
        });
        routes.bot("DELETE", "channels/{channel_id}/messages/{message_id}", call -> {
            Message message = message(call);
            Channel channel = state.requireChannel(message.channelId());
            if (message.authorId() != state.botId && !channel.isDm()) {
                permissions.requireBotInChannel(channel, Permissions.MANAGE_MESSAGES);
            }
            state.deleteMessage(message);
            return null;
        });
        routes.bot("PUT", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", call -> {
            Message message = message(call);
            Channel channel = state.requireChannel(message.channelId());
            if (!channel.isDm()) {
                permissions.requireBotInChannel(channel, Permissions.ADD_REACTIONS);
            }
            state.addReaction(message, state.botId, call.param("emoji"));
            return null;
        });
        routes.bot("DELETE", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", call -> {
            state.removeReaction(message(call), state.botId, call.param("emoji"));
            return null;
        });
        routes.bot("DELETE", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}", call -> {
            Message message = message(call);
            permissions.requireBotInChannel(state.requireChannel(message.channelId()), Permissions.MANAGE_MESSAGES);
            state.removeReaction(message, call.id("user_id"), call.param("emoji"));
            return null;
        });
    }

    private Channel channel(RestApi.Call call) {
        return state.requireChannel(call.id("channel_id"));
    }

    private Message message(RestApi.Call call) {
        return state.requireMessage(call.id("channel_id"), call.id("message_id"));
    }

    private Object modifyChannel(RestApi.Call call) {
        Channel channel = channel(call);
        permissions.requireBotInChannel(channel, Permissions.MANAGE_CHANNELS);
        JsonObject body = call.body();
        if (body.containsKey("rate_limit_per_user")) {
            int slowmode = body.getInteger("rate_limit_per_user", 0);
            if (slowmode < 0 || slowmode > 21600) {
                throw DiscordApiException.invalidForm("rate_limit_per_user", "NUMBER_TYPE_MAX",
                        "int value should be less than or equal to 21600.");
            }
            channel = channel.withRateLimitPerUser(slowmode);
        }
        if (body.containsKey("name")) {
            channel = channel.withName(body.getString("name"));
        }
        if (body.containsKey("topic")) {
            channel = channel.withTopic(body.getString("topic"));
        }
        if (body.containsKey("position")) {
            channel = channel.withPosition(body.getInteger("position"));
        }
        if (body.containsKey("permission_overwrites")) {
            Map<Long, Permissions.Overwrite> overwrites = new LinkedHashMap<>();
            for (JsonObject overwrite : SandboxState.objects(body.getJsonArray("permission_overwrites"))) {
                long id = Long.parseLong(overwrite.getString("id"));
                overwrites.put(id, new Permissions.Overwrite(id, overwrite.getInteger("type", 0),
                        RestApi.parseBits(overwrite.getValue("allow")), RestApi.parseBits(overwrite.getValue("deny"))));
            }
            channel = channel.withOverwrites(overwrites);
        }
        return state.json.channel(state.updateChannel(channel));
    }

    /**
     * Discord's message history: {@code limit} 1–100 (default 50), newest first; {@code around} the messages next to
     * an id (half older, the rest from it on), else {@code before} an id, else {@code after} one (the oldest ones
     * after it, still returned newest first).
     */
    private Object messageHistory(RestApi.Call call) {
        Channel channel = channel(call);
        permissions.requireBotInChannel(channel, Permissions.READ_MESSAGE_HISTORY);
        int limit = (int) queryNumber(call, "limit", 50);
        if (limit < 1 || limit > 100) {
            throw DiscordApiException.invalidForm("limit", limit < 1 ? "NUMBER_TYPE_MIN" : "NUMBER_TYPE_MAX",
                    limit < 1 ? "int value should be greater than or equal to 1."
                            : "int value should be less than or equal to 100.");
        }
        List<Message> newestFirst = state.channelMessagesNewestFirst(channel.id());
        List<Message> page;
        if (call.query().contains("around")) {
            long around = queryNumber(call, "around", 0);
            int older = limit / 2;
            List<Message> fromAround = newestFirst.stream().filter(m -> m.id() >= around).toList();
            page = new ArrayList<>(fromAround.subList(Math.max(0, fromAround.size() - (limit - older)),
                    fromAround.size()));
            newestFirst.stream().filter(m -> m.id() < around).limit(older).forEach(page::add);
        } else if (call.query().contains("before")) {
            long before = queryNumber(call, "before", 0);
            page = newestFirst.stream().filter(m -> m.id() < before).limit(limit).toList();
        } else if (call.query().contains("after")) {
            long after = queryNumber(call, "after", 0);
            List<Message> newer = newestFirst.stream().filter(m -> m.id() > after).toList();
            page = newer.subList(Math.max(0, newer.size() - limit), newer.size());
        } else {
            page = newestFirst.stream().limit(limit).toList();
        }
        JsonArray result = new JsonArray();
        page.forEach(message -> result.add(state.json.message(message)));
        return result;
    }

    private static long queryNumber(RestApi.Call call, String name, long absent) {
        String value = call.query().get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw DiscordApiException.invalidForm(name, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not int.");
        }
    }

    private Object bulkDelete(RestApi.Call call) {
        Channel channel = channel(call);
        permissions.requireBotInChannel(channel, Permissions.MANAGE_MESSAGES);
        JsonArray ids = call.body().getJsonArray("messages", new JsonArray());
        if (ids.size() < 2 || ids.size() > 100) {
            throw DiscordApiException.invalidForm("messages", ids.size() < 2 ? "BASE_TYPE_MIN_LENGTH"
                    : "BASE_TYPE_MAX_LENGTH", "Must be between 2 and 100 in length.");
        }
        Instant twoWeeksAgo = state.now().minus(Duration.ofDays(14));
        List<Long> messageIds = RestApi.snowflakes(ids);
        for (long id : messageIds) {
            // Discord judges the age by the snowflake, so even an id it does not know can be too old.
            if (Snowflakes.timeOf(id).isBefore(twoWeeksAgo)) {
                throw new DiscordApiException(400, 50034,
                        "You can only bulk delete messages that are under 14 days old.");
            }
        }
        state.bulkDelete(channel.id(), messageIds);
        return null;
    }
}
