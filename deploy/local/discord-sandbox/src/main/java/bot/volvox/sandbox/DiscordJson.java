package bot.volvox.sandbox;

import bot.volvox.sandbox.Entities.Channel;
import bot.volvox.sandbox.Entities.Member;
import bot.volvox.sandbox.Entities.Message;
import bot.volvox.sandbox.Entities.Role;
import bot.volvox.sandbox.Entities.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place that turns the sandbox's entities into Discord's JSON shapes (API v10, snowflakes as strings). */
final class DiscordJson {
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final Pattern CUSTOM_EMOJI = Pattern.compile("^(\\w+):(\\d+)$");
    /** Keys of a GUILD_CREATE payload that GET /guilds/{id} leaves out. */
    private static final List<String> GATEWAY_ONLY_GUILD_KEYS = List.of("members", "channels", "threads",
            "presences", "voice_states", "guild_scheduled_events", "stage_instances", "member_count", "large",
            "joined_at");

    private final SandboxState state;

    DiscordJson(SandboxState state) {
        this.state = state;
    }

    static String id(long snowflake) {
        return Long.toString(snowflake);
    }

    private static String idOrNull(Long snowflake) {
        return snowflake == null ? null : Long.toString(snowflake);
    }

    JsonObject user(User user) {
        return new JsonObject()
                .put("id", id(user.id()))
                .put("username", user.username())
                .put("global_name", user.globalName())
                .put("discriminator", "0")
                .put("avatar", null)
                .put("bot", user.bot())
                .put("public_flags", 0);
    }

    JsonObject selfUser() {
        return user(state.users.get(state.botId)).put("verified", true).put("mfa_enabled", false).put("flags", 0);
    }

    JsonObject member(Member member, boolean withUser) {
        JsonArray roleIds = new JsonArray();
        member.roles().forEach(roleId -> roleIds.add(id(roleId)));
        JsonObject json = new JsonObject()
                .put("nick", member.nick())
                .put("avatar", null)
                .put("roles", roleIds)
                .put("joined_at", member.joinedAt().toString())
                .put("premium_since", null)
                .put("deaf", false)
                .put("mute", false)
                .put("flags", 0)
                .put("pending", false)
                .put("communication_disabled_until",
                        member.timeoutUntil() == null ? null : member.timeoutUntil().toString());
        if (withUser) {
            json.put("user", user(state.users.get(member.userId())));
        }
        return json;
    }

    JsonObject role(Role role) {
        JsonObject json = new JsonObject()
                .put("id", id(role.id()))
                .put("name", role.name())
                .put("color", role.color())
                .put("colors", new JsonObject().put("primary_color", role.color()).put("secondary_color", null)
                        .put("tertiary_color", null))
                .put("hoist", role.id() != state.guildId && role.position() > 1)
                .put("icon", null)
                .put("unicode_emoji", null)
                .put("position", role.position())
                .put("permissions", Long.toString(role.permissions()))
                .put("managed", role.botId() != null)
                .put("mentionable", false)
                .put("flags", 0);
        if (role.botId() != null) {
            json.put("tags", new JsonObject().put("bot_id", id(role.botId())));
        }
        return json;
    }

    JsonObject channel(Channel channel) {
        JsonObject json = new JsonObject()
                .put("id", id(channel.id()))
                .put("type", channel.type())
                .put("last_message_id", idOrNull(channel.lastMessageId()))
                .put("flags", 0);
        if (channel.isDm()) {
            return json.put("recipients", new JsonArray().add(user(state.users.get(channel.recipientId()))));
        }
        JsonArray overwrites = new JsonArray();
        channel.overwrites().values().forEach(overwrite -> overwrites.add(new JsonObject()
                .put("id", id(overwrite.id()))
                .put("type", overwrite.type())
                .put("allow", Long.toString(overwrite.allow()))
                .put("deny", Long.toString(overwrite.deny()))));
        json.put("guild_id", id(state.guildId))
                .put("name", channel.name())
                .put("position", channel.position())
                .put("permission_overwrites", overwrites)
                .put("parent_id", null)
                .put("nsfw", false)
                .put("rate_limit_per_user", channel.rateLimitPerUser());
        if (channel.type() == Entities.VOICE) {
            json.put("bitrate", 64000).put("user_limit", 0).put("rtc_region", null);
        } else {
            json.put("topic", channel.topic());
        }
        return json;
    }

    JsonObject message(Message message) {
        Channel channel = state.channels.get(message.channelId());
        boolean inGuild = channel != null && !channel.isDm();
        JsonArray mentions = new JsonArray();
        for (long mentioned : mentionedUserIds(message.content())) {
            User user = state.users.get(mentioned);
            if (user != null) {
                JsonObject mention = user(user);
                Member member = state.members.get(mentioned);
                if (member != null && inGuild) {
                    mention.put("member", member(member, false));
                }
                mentions.add(mention);
            }
        }
        JsonArray reactions = new JsonArray();
        message.reactions().forEach((emoji, reactors) -> reactions.add(new JsonObject()
                .put("count", reactors.size())
                .put("count_details", new JsonObject().put("normal", reactors.size()).put("burst", 0))
                .put("me", reactors.contains(state.botId))
                .put("me_burst", false)
                .put("burst_colors", new JsonArray())
                .put("emoji", emoji(emoji))));
        JsonObject json = new JsonObject()
                .put("id", id(message.id()))
                .put("type", message.type())
                .put("channel_id", id(message.channelId()))
                .put("author", user(state.users.get(message.authorId())))
                .put("content", message.content())
                .put("timestamp", message.timestamp().toString())
                .put("edited_timestamp", message.editedAt() == null ? null : message.editedAt().toString())
                .put("tts", false)
                .put("mention_everyone", false)
                .put("mentions", mentions)
                .put("mention_roles", new JsonArray())
                .put("attachments", message.attachmentsJson())
                .put("embeds", richEmbeds(message.embedsJson()))
                .put("reactions", reactions)
                .put("components", message.componentsJson())
                .put("pinned", false)
                .put("flags", message.flags());
        if (message.webhookId() != null) {
            json.put("webhook_id", id(message.webhookId())).put("application_id", id(state.applicationId));
        }
        if (inGuild) {
            json.put("guild_id", id(state.guildId));
            Member member = state.members.get(message.authorId());
            if (member != null && message.webhookId() == null) {
                json.put("member", member(member, false));
            }
        }
        return json;
    }

    static JsonObject emoji(String emoji) {
        Matcher custom = CUSTOM_EMOJI.matcher(emoji);
        if (custom.matches()) {
            return new JsonObject().put("id", custom.group(2)).put("name", custom.group(1));
        }
        return new JsonObject().put("id", null).put("name", emoji);
    }

    static Set<Long> mentionedUserIds(String content) {
        Set<Long> ids = new LinkedHashSet<>();
        if (content != null) {
            Matcher matcher = USER_MENTION.matcher(content);
            while (matcher.find()) {
                ids.add(Long.parseLong(matcher.group(1)));
            }
        }
        return ids;
    }

    JsonObject reaction(Message message, long userId, String emoji, boolean add) {
        JsonObject json = new JsonObject()
                .put("user_id", id(userId))
                .put("channel_id", id(message.channelId()))
                .put("message_id", id(message.id()))
                .put("message_author_id", id(message.authorId()))
                .put("emoji", emoji(emoji))
                .put("burst", false)
                .put("type", 0);
        if (!state.channels.get(message.channelId()).isDm()) {
            guildScoped(json);
            Member member = state.members.get(userId);
            if (add && member != null) {
                json.put("member", member(member, true));
            }
        }
        return json;
    }

    JsonObject guildCreate() {
        JsonArray roleArray = new JsonArray();
        state.roles.values().forEach(role -> roleArray.add(role(role)));
        JsonArray channelArray = new JsonArray();
        state.channels.values().stream().filter(channel -> !channel.isDm())
                .forEach(channel -> channelArray.add(channel(channel)));
        JsonArray memberArray = new JsonArray();
        state.members.values().forEach(member -> memberArray.add(member(member, true)));
        JsonArray voiceStates = new JsonArray();
        state.voiceChannelOfUser.forEach((userId, channelId) -> voiceStates.add(voiceState(userId, channelId,
                false)));
        Member bot = state.members.get(state.botId);
        return new JsonObject()
                .put("id", id(state.guildId))
                .put("name", state.index == 0 ? DemoGuild.NAME : DemoGuild.NAME + " " + (state.index + 1))
                .put("icon", null)
                .put("splash", null)
                .put("banner", null)
                .put("description", "A local Discord guild for Volvox.Bot development")
                .put("owner_id", id(state.ownerId))
                .put("afk_channel_id", null)
                .put("afk_timeout", 300)
                .put("verification_level", 1)
                .put("default_message_notifications", 1)
                .put("explicit_content_filter", 2)
                .put("mfa_level", 0)
                .put("nsfw_level", 0)
                .put("premium_tier", 0)
                .put("premium_subscription_count", 0)
                .put("premium_progress_bar_enabled", false)
                .put("preferred_locale", "en-US")
                .put("system_channel_id", state.demo.generalChannelId())
                .put("system_channel_flags", 0)
                .put("rules_channel_id", null)
                .put("public_updates_channel_id", null)
                .put("features", new JsonArray())
                .put("roles", roleArray)
                .put("emojis", new JsonArray())
                .put("stickers", new JsonArray())
                .put("soundboard_sounds", new JsonArray())
                .put("channels", channelArray)
                .put("threads", new JsonArray())
                .put("guild_scheduled_events", new JsonArray())
                .put("stage_instances", new JsonArray())
                .put("members", memberArray)
                .put("member_count", state.members.size())
                .put("presences", new JsonArray())
                .put("voice_states", voiceStates)
                .put("large", false)
                .put("unavailable", false)
                .put("joined_at", bot == null ? SandboxState.DEMO_CREATED.toString() : bot.joinedAt().toString());
    }

    /** The guild as GET /guilds/{id} returns it: GUILD_CREATE without the gateway-only lists. */
    JsonObject guild() {
        JsonObject guild = guildCreate();
        GATEWAY_ONLY_GUILD_KEYS.forEach(guild::remove);
        return guild;
    }

    JsonObject voiceState(long userId, Long channelId, boolean withMember) {
        JsonObject json = new JsonObject()
                .put("guild_id", id(state.guildId))
                .put("channel_id", idOrNull(channelId))
                .put("user_id", id(userId))
                .put("session_id", "voice-" + userId)
                .put("deaf", false)
                .put("mute", false)
                .put("self_deaf", false)
                .put("self_mute", false)
                .put("self_stream", false)
                .put("self_video", false)
                .put("suppress", false)
                .put("request_to_speak_timestamp", null);
        Member member = state.members.get(userId);
        if (withMember && member != null) {
            json.put("member", member(member, true));
        }
        return json;
    }

    JsonObject ban(long userId) {
        return new JsonObject().put("user", user(state.requireUser(userId))).put("reason", state.bans.get(userId));
    }

    JsonObject application() {
        return new JsonObject()
                .put("id", id(state.applicationId))
                .put("name", "Volvox")
                .put("icon", null)
                .put("description", "Volvox.Bot (sandbox)")
                .put("bot_public", false)
                .put("bot_require_code_grant", false)
                .put("flags", 0)
                .put("team", null)
                .put("owner", user(state.users.get(state.ownerId)))
                .put("bot", selfUser())
                .put("verify_key", "sandbox")
                .put("approximate_guild_count", 1);
    }

    /** What every INTERACTION_CREATE carries besides {@code data}: who, where, with which permissions. */
    JsonObject interactionBase(Interaction interaction) {
        Channel channel = state.requireChannel(interaction.channelId);
        Member member = state.requireMember(interaction.userId);
        String userPermissions = Long.toString(state.permissions.inChannel(interaction.userId, channel));
        return new JsonObject()
                .put("id", id(interaction.id))
                .put("application_id", id(state.applicationId))
                .put("type", interaction.type)
                .put("token", interaction.token)
                .put("version", 1)
                .put("guild_id", id(state.guildId))
                .put("guild", new JsonObject().put("id", id(state.guildId)).put("locale", "en-US")
                        .put("features", new JsonArray()))
                .put("guild_locale", "en-US")
                .put("channel_id", id(channel.id()))
                .put("channel", channel(channel).put("permissions", userPermissions))
                .put("member", member(member, true).put("permissions", userPermissions))
                .put("locale", "en-US")
                .put("app_permissions", Long.toString(state.permissions.inChannel(state.botId, channel)))
                .put("entitlements", new JsonArray())
                .put("authorizing_integration_owners", new JsonObject().put("0", id(state.guildId)))
                .put("context", 0)
                .put("attachment_size_limit", 10485760);
    }

    JsonObject command(JsonObject definition, long commandId, Long commandGuildId) {
        JsonObject command = definition.copy()
                .put("id", id(commandId))
                .put("application_id", id(state.applicationId))
                .put("version", Long.toString(state.nextId()));
        if (!command.containsKey("type")) {
            command.put("type", 1);
        }
        if (!command.containsKey("description")) {
            command.put("description", "");
        }
        if (commandGuildId != null) {
            command.put("guild_id", id(commandGuildId));
        }
        return command;
    }

    JsonObject guildScoped(JsonObject json) {
        return json.put("guild_id", id(state.guildId));
    }

    /** Discord gives every embed it returns a {@code type}; bot-sent ones are {@code rich} (JDA insists on one). */
    private static JsonArray richEmbeds(JsonArray embeds) {
        JsonArray typed = new JsonArray();
        for (Object embed : embeds) {
            JsonObject object = embed instanceof JsonObject json ? json.copy() : new JsonObject();
            if (!object.containsKey("type")) {
                object.put("type", "rich");
            }
            typed.add(object);
        }
        return typed;
    }
}
