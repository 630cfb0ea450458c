package bot.volvox.local.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the fake Discord knows: one guild with its users, roles, channels, messages, bans, voice states, DM
 * channels, registered commands and interactions. Every method runs under this object's monitor; the gateway
 * dispatches under the same monitor so that sequence numbers follow the order of changes.
 */
final class SandboxState {
    static final int MAX_CONTENT_LENGTH = 2000;
    static final Duration INTERACTION_CALLBACK_WINDOW = Duration.ofSeconds(3);
    static final Duration INTERACTION_TOKEN_LIFETIME = Duration.ofMinutes(15);
    static final Duration MAX_TIMEOUT = Duration.ofDays(28);
    static final int EPHEMERAL = 64;
    static final int LOADING = 128;

    // Gateway intents (bits) that gate dispatches.
    static final int INTENT_GUILDS = 1;
    static final int INTENT_GUILD_MEMBERS = 1 << 1;
    static final int INTENT_GUILD_MODERATION = 1 << 2;
    static final int INTENT_GUILD_VOICE_STATES = 1 << 7;
    static final int INTENT_GUILD_MESSAGES = 1 << 9;
    static final int INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10;
    static final int INTENT_DIRECT_MESSAGES = 1 << 12;
    static final int INTENT_DIRECT_MESSAGE_REACTIONS = 1 << 13;
    static final int INTENT_MESSAGE_CONTENT = 1 << 15;

    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final Instant DEMO_CREATED = Instant.parse("2024-01-01T00:00:00Z");

    /** Receives every gateway event; {@code contentGated} marks messages whose content needs MESSAGE_CONTENT. */
    interface Dispatcher {
        void dispatch(String type, JsonObject data, Long guildId, int intent, boolean contentGated);
    }

    static final class User {
        final long id;
        final String username;
        final String globalName;
        final boolean bot;
        boolean dmsClosed;

        User(long id, String username, String globalName, boolean bot) {
            this.id = id;
            this.username = username;
            this.globalName = globalName;
            this.bot = bot;
        }
    }

    static final class Member {
        final long userId;
        String nick;
        final List<Long> roles = new ArrayList<>();
        Instant joinedAt;
        Instant timeoutUntil;

        Member(long userId, Instant joinedAt) {
            this.userId = userId;
            this.joinedAt = joinedAt;
        }
    }

    static final class Role {
        final long id;
        final String name;
        long permissions;
        final int position;
        final int color;
        final Long botId;

        Role(long id, String name, long permissions, int position, int color, Long botId) {
            this.id = id;
            this.name = name;
            this.permissions = permissions;
            this.position = position;
            this.color = color;
            this.botId = botId;
        }
    }

    static final class Channel {
        final long id;
        final int type; // 0 text, 1 DM, 2 voice
        String name;
        int position;
        String topic;
        int rateLimitPerUser;
        final Map<Long, Permissions.Overwrite> overwrites = new LinkedHashMap<>();
        Long recipientId;
        Long lastMessageId;

        Channel(long id, int type, String name, int position) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.position = position;
        }

        boolean isDm() {
            return type == 1;
        }
    }

    static final class Message {
        final long id;
        final long channelId;
        final long authorId;
        String content;
        final Instant timestamp;
        Instant editedAt;
        JsonArray embeds = new JsonArray();
        JsonArray components = new JsonArray();
        /** Discord attachment objects (the sandbox keeps no file contents). */
        JsonArray attachments = new JsonArray();
        JsonObject allowedMentions;
        final Map<String, LinkedHashSet<Long>> reactions = new LinkedHashMap<>();
        Long webhookId;
        int flags;
        int type;

        Message(long id, long channelId, long authorId, String content, Instant timestamp) {
            this.id = id;
            this.channelId = channelId;
            this.authorId = authorId;
            this.content = content;
            this.timestamp = timestamp;
        }
    }

    static final class Interaction {
        final long id;
        final String token;
        final int type;
        final String name;
        final long channelId;
        final long userId;
        final long dispatchedNanos;
        final Instant createdAt;
        int callbackType;
        boolean ephemeral;
        long callbackElapsedMs = -1;
        String callbackContent;
        String callbackBody;
        int rejectedCallbacks;
        Long originalMessageId;
        String originalContent;
        /** For component interactions: the message whose component was used. */
        Long componentMessageId;
        final List<InteractionState.Followup> followups = new ArrayList<>();

        Interaction(long id, String token, int type, String name, long channelId, long userId, long dispatchedNanos,
                    Instant createdAt) {
            this.id = id;
            this.token = token;
            this.type = type;
            this.name = name;
            this.channelId = channelId;
            this.userId = userId;
            this.dispatchedNanos = dispatchedNanos;
            this.createdAt = createdAt;
        }

        InteractionState snapshot() {
            return new InteractionState(Long.toString(id), token, type, name, Long.toString(channelId),
                    Long.toString(userId), callbackType, ephemeral, callbackElapsedMs, callbackContent, callbackBody,
                    rejectedCallbacks, originalContent, List.copyOf(followups));
        }
    }

    final String botToken;
    final DemoGuild demo;
    final long guildId;
    final long botId;
    final long applicationId;
    private final Snowflakes snowflakes = new Snowflakes();
    private Dispatcher dispatcher = (type, data, guildId, intent, gated) -> { };
    private long clockOffsetNanos;

    final Map<Long, User> users = new LinkedHashMap<>();
    final Map<Long, Member> members = new LinkedHashMap<>();
    final Map<Long, Role> roles = new LinkedHashMap<>();
    final Map<Long, Channel> channels = new LinkedHashMap<>();
    final Map<Long, Message> messages = new LinkedHashMap<>();
    /** Ephemeral interaction responses: only the invoking user sees them, so they are kept out of channels. */
    final Map<Long, Message> ephemeralMessages = new LinkedHashMap<>();
    final Map<Long, String> bans = new LinkedHashMap<>();
    final Map<Long, Long> voiceChannelOfUser = new LinkedHashMap<>();
    final Map<Long, Interaction> interactions = new LinkedHashMap<>();
    final List<JsonObject> globalCommands = new ArrayList<>();
    final List<JsonObject> guildCommands = new ArrayList<>();
    long ownerId;

    SandboxState() {
        this.demo = demoIds();
        this.botToken = tokenFor(demo.botUserId());
        this.guildId = Long.parseLong(demo.guildId());
        this.botId = Long.parseLong(demo.botUserId());
        this.applicationId = Long.parseLong(demo.applicationId());
        populateDemoGuild();
    }

    /** A token with Discord's shape (base64 user id, then two parts); it only unlocks this sandbox. */
    private static String tokenFor(String botUserId) {
        return java.util.Base64.getEncoder().withoutPadding()
                .encodeToString(botUserId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + ".U2FuZGJveA.volvox-local-sandbox-token";
    }

    void setDispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    private static DemoGuild demoIds() {
        String[] ids = new String[19];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Long.toString(Snowflakes.fixed(DEMO_CREATED, i + 1));
        }
        // The application id equals the bot user id, as for every Discord bot.
        return new DemoGuild(ids[0], ids[2], ids[2], ids[3], ids[4], ids[5], ids[6], ids[0], ids[7], ids[8], ids[9],
                ids[10], ids[11], ids[12], ids[13], ids[14], ids[15], ids[16], ids[17]);
    }

    synchronized void reset() {
        users.clear();
        members.clear();
        roles.clear();
        channels.clear();
        messages.clear();
        ephemeralMessages.clear();
        bans.clear();
        voiceChannelOfUser.clear();
        interactions.clear();
        globalCommands.clear();
        guildCommands.clear();
        clockOffsetNanos = 0;
        populateDemoGuild();
    }

    private void populateDemoGuild() {
        long everyonePerms = Permissions.VIEW_CHANNEL | Permissions.SEND_MESSAGES | Permissions.READ_MESSAGE_HISTORY
                | Permissions.ADD_REACTIONS | Permissions.EMBED_LINKS | Permissions.ATTACH_FILES
                | Permissions.USE_EXTERNAL_EMOJIS | Permissions.CONNECT | Permissions.SPEAK | Permissions.USE_VAD
                | Permissions.CHANGE_NICKNAME | Permissions.USE_APPLICATION_COMMANDS;
        long moderatorPerms = Permissions.KICK_MEMBERS | Permissions.BAN_MEMBERS | Permissions.MODERATE_MEMBERS
                | Permissions.MANAGE_MESSAGES | Permissions.VIEW_AUDIT_LOG;
        long botPerms = moderatorPerms | Permissions.MANAGE_ROLES | Permissions.MANAGE_CHANNELS
                | Permissions.MANAGE_NICKNAMES | Permissions.MOVE_MEMBERS | Permissions.VIEW_CHANNEL
                | Permissions.SEND_MESSAGES | Permissions.EMBED_LINKS | Permissions.ATTACH_FILES
                | Permissions.READ_MESSAGE_HISTORY | Permissions.ADD_REACTIONS;
        role(demo.everyoneRoleId(), "@everyone", everyonePerms, 0, 0, null);
        role(demo.mutedRoleId(), "Muted", 0, 1, 0x818386, null);
        role(demo.memberRoleId(), "Member", 0, 2, 0x3BA55C, null);
        role(demo.moderatorRoleId(), "Moderator", moderatorPerms, 3, 0x5865F2, null);
        role(demo.botRoleId(), "Bot", botPerms, 4, 0x22D3EE, botId);
        role(demo.adminRoleId(), "Admin", Permissions.ADMINISTRATOR, 5, 0xED4245, null);

        Channel general = channel(demo.generalChannelId(), 0, "general", 0);
        general.topic = "Say hello";
        general.overwrites.put(id(demo.mutedRoleId()), new Permissions.Overwrite(id(demo.mutedRoleId()), 0, 0,
                Permissions.SEND_MESSAGES | Permissions.ADD_REACTIONS));
        Channel announcements = channel(demo.announcementsChannelId(), 0, "announcements", 1);
        announcements.overwrites.put(guildId, new Permissions.Overwrite(guildId, 0, 0, Permissions.SEND_MESSAGES));
        announcements.overwrites.put(id(demo.botRoleId()), new Permissions.Overwrite(id(demo.botRoleId()), 0,
                Permissions.SEND_MESSAGES, 0));
        Channel modLog = channel(demo.modLogChannelId(), 0, "mod-log", 2);
        modLog.overwrites.put(guildId, new Permissions.Overwrite(guildId, 0, 0, Permissions.VIEW_CHANNEL));
        modLog.overwrites.put(id(demo.moderatorRoleId()), new Permissions.Overwrite(id(demo.moderatorRoleId()), 0,
                Permissions.VIEW_CHANNEL, 0));
        modLog.overwrites.put(id(demo.botRoleId()), new Permissions.Overwrite(id(demo.botRoleId()), 0,
                Permissions.VIEW_CHANNEL | Permissions.SEND_MESSAGES, 0));
        channel(demo.loungeVoiceChannelId(), 2, "Lounge", 3);

        ownerId = id(demo.ownerId());
        member(user(demo.ownerId(), "olivia", "Olivia (owner)", false), demo.memberRoleId());
        member(user(demo.adminId(), "adam", "Adam (admin)", false), demo.adminRoleId(), demo.memberRoleId());
        member(user(demo.moderatorId(), "maya", "Maya (moderator)", false), demo.moderatorRoleId(),
                demo.memberRoleId());
        member(user(demo.aliceId(), "alice", "Alice", false), demo.memberRoleId());
        member(user(demo.bobId(), "bob", "Bob", false), demo.memberRoleId());
        User carol = user(demo.carolId(), "carol", "Carol", false);
        carol.dmsClosed = true;
        member(carol, demo.memberRoleId());
        member(user(demo.botUserId(), "Volvox", "Volvox", true), demo.botRoleId());
    }

    private static long id(String snowflake) {
        return Long.parseLong(snowflake);
    }

    private void role(String id, String name, long permissions, int position, int color, Long botId) {
        roles.put(id(id), new Role(id(id), name, permissions, position, color, botId));
    }

    private Channel channel(String id, int type, String name, int position) {
        Channel channel = new Channel(id(id), type, name, position);
        channels.put(channel.id, channel);
        return channel;
    }

    private User user(String id, String username, String globalName, boolean bot) {
        User user = new User(id(id), username, globalName, bot);
        users.put(user.id, user);
        return user;
    }

    private void member(User user, String... roleIds) {
        Member member = new Member(user.id, DEMO_CREATED.plus(Duration.ofDays(members.size())));
        for (String roleId : roleIds) {
            member.roles.add(id(roleId));
        }
        members.put(user.id, member);
    }

    // ---------------------------------------------------------------- clock

    synchronized Instant now() {
        return Instant.now().plusNanos(clockOffsetNanos);
    }

    synchronized long nowNanos() {
        return System.nanoTime() + clockOffsetNanos;
    }

    /** Moves the sandbox clock forward (interaction deadlines, token expiry and timeouts follow it). */
    synchronized void advanceClock(Duration duration) {
        clockOffsetNanos += duration.toNanos();
    }

    synchronized long nextId() {
        return snowflakes.next(now());
    }

    // ---------------------------------------------------------------- lookups

    User requireUser(long userId) {
        User user = users.get(userId);
        if (user == null) {
            throw DiscordApiException.unknownUser();
        }
        return user;
    }

    Member requireMember(long userId) {
        Member member = members.get(userId);
        if (member == null) {
            throw DiscordApiException.unknownMember();
        }
        return member;
    }

    Channel requireChannel(long channelId) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            throw DiscordApiException.unknownChannel();
        }
        return channel;
    }

    Message requireMessage(long channelId, long messageId) {
        Message message = messages.get(messageId);
        if (message == null || message.channelId != channelId) {
            throw DiscordApiException.unknownMessage();
        }
        return message;
    }

    void requireGuild(long id) {
        if (id != guildId) {
            throw DiscordApiException.unknownGuild();
        }
    }

    Role requireRole(long roleId) {
        Role role = roles.get(roleId);
        if (role == null) {
            throw DiscordApiException.unknownRole();
        }
        return role;
    }

    // ---------------------------------------------------------------- permissions

    long basePermissions(long userId) {
        Member member = members.get(userId);
        if (member == null) {
            return 0;
        }
        List<Long> rolePermissions = new ArrayList<>();
        for (long roleId : member.roles) {
            Role role = roles.get(roleId);
            if (role != null) {
                rolePermissions.add(role.permissions);
            }
        }
        return Permissions.base(roles.get(guildId).permissions, rolePermissions, userId == ownerId);
    }

    long channelPermissions(long userId, Channel channel) {
        if (channel.isDm()) {
            return Permissions.VIEW_CHANNEL | Permissions.SEND_MESSAGES | Permissions.READ_MESSAGE_HISTORY
                    | Permissions.ADD_REACTIONS | Permissions.EMBED_LINKS | Permissions.ATTACH_FILES;
        }
        Member member = members.get(userId);
        if (member == null) {
            return 0;
        }
        long permissions = Permissions.inChannel(basePermissions(userId), guildId, userId, member.roles,
                channel.overwrites.values());
        if (member.timeoutUntil != null && member.timeoutUntil.isAfter(now())
                && (permissions & Permissions.ADMINISTRATOR) == 0) {
            permissions &= Permissions.VIEW_CHANNEL | Permissions.READ_MESSAGE_HISTORY;
        }
        return permissions;
    }

    void requireBotGuildPermission(long permission) {
        if ((basePermissions(botId) & permission) != permission) {
            throw DiscordApiException.missingPermissions();
        }
    }

    void requireBotChannelPermission(Channel channel, long permission) {
        long permissions = channelPermissions(botId, channel);
        if ((permissions & Permissions.VIEW_CHANNEL) == 0) {
            throw DiscordApiException.missingAccess();
        }
        if ((permissions & permission) != permission) {
            throw DiscordApiException.missingPermissions();
        }
    }

    int topRolePosition(long userId) {
        Member member = members.get(userId);
        int top = 0;
        if (member != null) {
            for (long roleId : member.roles) {
                Role role = roles.get(roleId);
                if (role != null) {
                    top = Math.max(top, role.position);
                }
            }
        }
        return top;
    }

    /** Discord refuses to act on the owner or on anyone whose top role is not below the bot's. */
    void requireBotAbove(long targetUserId) {
        if (targetUserId == ownerId || topRolePosition(targetUserId) >= topRolePosition(botId)) {
            throw DiscordApiException.missingPermissions();
        }
    }

    void requireBotAboveRole(Role role) {
        if (role.position >= topRolePosition(botId)) {
            throw DiscordApiException.missingPermissions();
        }
    }

    // ---------------------------------------------------------------- JSON shapes

    JsonObject userJson(User user) {
        return new JsonObject()
                .put("id", Long.toString(user.id))
                .put("username", user.username)
                .put("global_name", user.globalName)
                .put("discriminator", "0")
                .put("avatar", null)
                .put("bot", user.bot)
                .put("public_flags", 0);
    }

    JsonObject selfUserJson() {
        return userJson(users.get(botId)).put("verified", true).put("mfa_enabled", false).put("flags", 0);
    }

    JsonObject memberJson(Member member, boolean withUser) {
        JsonArray roleIds = new JsonArray();
        member.roles.forEach(roleId -> roleIds.add(Long.toString(roleId)));
        JsonObject json = new JsonObject()
                .put("nick", member.nick)
                .put("avatar", null)
                .put("roles", roleIds)
                .put("joined_at", member.joinedAt.toString())
                .put("premium_since", null)
                .put("deaf", false)
                .put("mute", false)
                .put("flags", 0)
                .put("pending", false)
                .put("communication_disabled_until",
                        member.timeoutUntil == null ? null : member.timeoutUntil.toString());
        if (withUser) {
            json.put("user", userJson(users.get(member.userId)));
        }
        return json;
    }

    JsonObject roleJson(Role role) {
        JsonObject json = new JsonObject()
                .put("id", Long.toString(role.id))
                .put("name", role.name)
                .put("color", role.color)
                .put("colors", new JsonObject().put("primary_color", role.color).put("secondary_color", null)
                        .put("tertiary_color", null))
                .put("hoist", role.id != guildId && role.position > 1)
                .put("icon", null)
                .put("unicode_emoji", null)
                .put("position", role.position)
                .put("permissions", Long.toString(role.permissions))
                .put("managed", role.botId != null)
                .put("mentionable", false)
                .put("flags", 0);
        if (role.botId != null) {
            json.put("tags", new JsonObject().put("bot_id", Long.toString(role.botId)));
        }
        return json;
    }

    JsonObject channelJson(Channel channel) {
        JsonObject json = new JsonObject()
                .put("id", Long.toString(channel.id))
                .put("type", channel.type)
                .put("last_message_id", channel.lastMessageId == null ? null : Long.toString(channel.lastMessageId))
                .put("flags", 0);
        if (channel.isDm()) {
            return json.put("recipients", new JsonArray().add(userJson(users.get(channel.recipientId))));
        }
        JsonArray overwrites = new JsonArray();
        channel.overwrites.values().forEach(overwrite -> overwrites.add(new JsonObject()
                .put("id", Long.toString(overwrite.id()))
                .put("type", overwrite.type())
                .put("allow", Long.toString(overwrite.allow()))
                .put("deny", Long.toString(overwrite.deny()))));
        json.put("guild_id", Long.toString(guildId))
                .put("name", channel.name)
                .put("position", channel.position)
                .put("permission_overwrites", overwrites)
                .put("parent_id", null)
                .put("nsfw", false)
                .put("rate_limit_per_user", channel.rateLimitPerUser);
        if (channel.type == 2) {
            json.put("bitrate", 64000).put("user_limit", 0).put("rtc_region", null);
        } else {
            json.put("topic", channel.topic);
        }
        return json;
    }

    JsonObject messageJson(Message message) {
        Channel channel = channels.get(message.channelId);
        User author = users.get(message.authorId);
        JsonArray mentions = new JsonArray();
        for (long mentioned : mentionedUserIds(message.content)) {
            User user = users.get(mentioned);
            if (user != null) {
                JsonObject mention = userJson(user);
                Member member = members.get(mentioned);
                if (member != null && channel != null && !channel.isDm()) {
                    mention.put("member", memberJson(member, false));
                }
                mentions.add(mention);
            }
        }
        JsonArray reactions = new JsonArray();
        message.reactions.forEach((emoji, reactors) -> reactions.add(new JsonObject()
                .put("count", reactors.size())
                .put("count_details", new JsonObject().put("normal", reactors.size()).put("burst", 0))
                .put("me", reactors.contains(botId))
                .put("me_burst", false)
                .put("burst_colors", new JsonArray())
                .put("emoji", emojiJson(emoji))));
        JsonObject json = new JsonObject()
                .put("id", Long.toString(message.id))
                .put("type", message.type)
                .put("channel_id", Long.toString(message.channelId))
                .put("author", userJson(author))
                .put("content", message.content)
                .put("timestamp", message.timestamp.toString())
                .put("edited_timestamp", message.editedAt == null ? null : message.editedAt.toString())
                .put("tts", false)
                .put("mention_everyone", false)
                .put("mentions", mentions)
                .put("mention_roles", new JsonArray())
                .put("attachments", message.attachments.copy())
                .put("embeds", message.embeds.copy())
                .put("reactions", reactions)
                .put("components", message.components.copy())
                .put("pinned", false)
                .put("flags", message.flags);
        if (message.webhookId != null) {
            json.put("webhook_id", Long.toString(message.webhookId)).put("application_id", Long.toString(applicationId));
        }
        if (channel != null && !channel.isDm()) {
            json.put("guild_id", Long.toString(guildId));
            Member member = members.get(message.authorId);
            if (member != null && message.webhookId == null) {
                json.put("member", memberJson(member, false));
            }
        }
        return json;
    }

    static JsonObject emojiJson(String emoji) {
        Matcher custom = Pattern.compile("^(\\w+):(\\d+)$").matcher(emoji);
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

    synchronized JsonObject guildCreateJson() {
        JsonArray roleArray = new JsonArray();
        roles.values().forEach(role -> roleArray.add(roleJson(role)));
        JsonArray channelArray = new JsonArray();
        channels.values().stream().filter(channel -> !channel.isDm()).forEach(channel -> channelArray.add(
                channelJson(channel)));
        JsonArray memberArray = new JsonArray();
        members.values().forEach(member -> memberArray.add(memberJson(member, true)));
        JsonArray voiceStates = new JsonArray();
        voiceChannelOfUser.forEach((userId, channelId) -> voiceStates.add(voiceStateJson(userId, channelId, false)));
        return new JsonObject()
                .put("id", Long.toString(guildId))
                .put("name", DemoGuild.NAME)
                .put("icon", null)
                .put("splash", null)
                .put("banner", null)
                .put("description", "A local Discord guild for Volvox.Bot development")
                .put("owner_id", Long.toString(ownerId))
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
                .put("system_channel_id", demo.generalChannelId())
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
                .put("member_count", members.size())
                .put("presences", new JsonArray())
                .put("voice_states", voiceStates)
                .put("large", false)
                .put("unavailable", false)
                .put("joined_at", members.get(botId) == null ? DEMO_CREATED.toString()
                        : members.get(botId).joinedAt.toString());
    }

    JsonObject voiceStateJson(long userId, Long channelId, boolean withMember) {
        JsonObject json = new JsonObject()
                .put("guild_id", Long.toString(guildId))
                .put("channel_id", channelId == null ? null : Long.toString(channelId))
                .put("user_id", Long.toString(userId))
                .put("session_id", "voice-" + userId)
                .put("deaf", false)
                .put("mute", false)
                .put("self_deaf", false)
                .put("self_mute", false)
                .put("self_stream", false)
                .put("self_video", false)
                .put("suppress", false)
                .put("request_to_speak_timestamp", null);
        Member member = members.get(userId);
        if (withMember && member != null) {
            json.put("member", memberJson(member, true));
        }
        return json;
    }

    private JsonObject guildScoped(JsonObject json) {
        return json.put("guild_id", Long.toString(guildId));
    }

    // ---------------------------------------------------------------- messages

    /** Stores a message and dispatches MESSAGE_CREATE. Content rules are Discord's (1..2000 code points). */
    Message createMessage(long channelId, long authorId, JsonObject body, Long webhookId, int extraFlags,
                          boolean dispatch) {
        Channel channel = requireChannel(channelId);
        String content = body.getString("content", "");
        JsonArray embeds = body.getJsonArray("embeds", new JsonArray());
        JsonArray components = body.getJsonArray("components", new JsonArray());
        validateContent(content, embeds, components, body);
        Message message = new Message(nextId(), channelId, authorId, content, now());
        message.embeds = embeds.copy();
        message.components = components.copy();
        message.allowedMentions = body.getJsonObject("allowed_mentions");
        message.webhookId = webhookId;
        message.flags = body.getInteger("flags", 0) | extraFlags;
        message.type = webhookId != null ? 20 : 0;
        if ((message.flags & EPHEMERAL) == 0) {
            messages.put(message.id, message);
            channel.lastMessageId = message.id;
            if (dispatch) {
                dispatchMessageCreate(message);
            }
        } else {
            ephemeralMessages.put(message.id, message);
        }
        return message;
    }

    /**
     * Stores a user's message as if sent at {@code sentAt} (its snowflake carries that time, as Discord's do) with
     * files of these names attached. A message from the past predates every gateway session, so nothing is
     * dispatched for it.
     */
    Message createPastMessage(long channelId, long authorId, String content, Instant sentAt, List<String> fileNames) {
        Channel channel = requireChannel(channelId);
        JsonObject body = new JsonObject().put("content", content);
        if (!fileNames.isEmpty()) {
            body.put("attachments", new JsonArray());
        }
        validateContent(content, new JsonArray(), new JsonArray(), body);
        Message message = new Message(snowflakes.next(sentAt), channelId, authorId, content, sentAt);
        for (String fileName : fileNames) {
            long attachmentId = nextId();
            String url = "https://cdn.discordapp.com/attachments/" + channelId + "/" + attachmentId + "/" + fileName;
            message.attachments.add(new JsonObject().put("id", Long.toString(attachmentId)).put("filename", fileName)
                    .put("size", 1024).put("url", url).put("proxy_url", url.replace("cdn.discordapp.com",
                            "media.discordapp.net")));
        }
        messages.put(message.id, message);
        if (channel.lastMessageId == null || channel.lastMessageId < message.id) {
            channel.lastMessageId = message.id;
        }
        return message;
    }

    /** A channel's messages, newest first (Discord orders them by snowflake). */
    List<Message> channelMessagesNewestFirst(long channelId) {
        return messages.values().stream().filter(message -> message.channelId == channelId)
                .sorted(Comparator.comparingLong((Message message) -> message.id).reversed()).toList();
    }

    void dispatchMessageCreate(Message message) {
        Channel channel = channels.get(message.channelId);
        boolean dm = channel.isDm();
        boolean gated = message.authorId != botId && !dm && !mentionedUserIds(message.content).contains(botId);
        dispatcher.dispatch("MESSAGE_CREATE", messageJson(message), dm ? null : guildId,
                dm ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES, gated);
    }

    static void validateContent(String content, JsonArray embeds, JsonArray components, JsonObject body) {
        if (content.codePointCount(0, content.length()) > MAX_CONTENT_LENGTH) {
            throw DiscordApiException.invalidForm("content", "BASE_TYPE_MAX_LENGTH",
                    "Must be " + MAX_CONTENT_LENGTH + " or fewer in length.");
        }
        boolean hasStickers = body.getJsonArray("sticker_ids", new JsonArray()).size() > 0;
        if (content.isBlank() && embeds.isEmpty() && components.isEmpty() && !hasStickers
                && !body.containsKey("attachments") && !body.containsKey("poll")) {
            throw new DiscordApiException(400, 50006, "Cannot send an empty message");
        }
    }

    Message editMessage(Message message, JsonObject body) {
        if (body.containsKey("content")) {
            String content = body.getString("content") == null ? "" : body.getString("content");
            validateContent(content, body.getJsonArray("embeds", message.embeds), message.components,
                    new JsonObject().put("content", content));
            message.content = content;
        }
        if (body.containsKey("embeds")) {
            message.embeds = body.getJsonArray("embeds", new JsonArray()).copy();
        }
        if (body.containsKey("components")) {
            message.components = body.getJsonArray("components", new JsonArray()).copy();
        }
        message.editedAt = now();
        if (messages.containsKey(message.id)) {
            Channel channel = channels.get(message.channelId);
            boolean gated = message.authorId != botId && !channel.isDm()
                    && !mentionedUserIds(message.content).contains(botId);
            dispatcher.dispatch("MESSAGE_UPDATE", messageJson(message), channel.isDm() ? null : guildId,
                    channel.isDm() ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES, gated);
        }
        return message;
    }

    void deleteMessage(Message message) {
        messages.remove(message.id);
        Channel channel = channels.get(message.channelId);
        JsonObject data = new JsonObject().put("id", Long.toString(message.id))
                .put("channel_id", Long.toString(message.channelId));
        if (!channel.isDm()) {
            guildScoped(data);
        }
        dispatcher.dispatch("MESSAGE_DELETE", data, channel.isDm() ? null : guildId,
                channel.isDm() ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES, false);
    }

    void bulkDelete(long channelId, List<Long> ids) {
        Channel channel = requireChannel(channelId);
        JsonArray deleted = new JsonArray();
        for (long id : ids) {
            Message message = messages.get(id);
            if (message != null && message.channelId == channelId) {
                messages.remove(id);
                deleted.add(Long.toString(id));
            }
        }
        dispatcher.dispatch("MESSAGE_DELETE_BULK", guildScoped(new JsonObject().put("ids", deleted)
                .put("channel_id", Long.toString(channel.id))), guildId, INTENT_GUILD_MESSAGES, false);
    }

    void addReaction(Message message, long userId, String emoji) {
        if (!message.reactions.computeIfAbsent(emoji, key -> new LinkedHashSet<>()).add(userId)) {
            return;
        }
        dispatcher.dispatch("MESSAGE_REACTION_ADD", reactionJson(message, userId, emoji, true),
                reactionGuild(message), reactionIntent(message), false);
    }

    void removeReaction(Message message, long userId, String emoji) {
        Set<Long> reactors = message.reactions.get(emoji);
        if (reactors == null || !reactors.remove(userId)) {
            return;
        }
        if (reactors.isEmpty()) {
            message.reactions.remove(emoji);
        }
        dispatcher.dispatch("MESSAGE_REACTION_REMOVE", reactionJson(message, userId, emoji, false),
                reactionGuild(message), reactionIntent(message), false);
    }

    private Long reactionGuild(Message message) {
        return channels.get(message.channelId).isDm() ? null : guildId;
    }

    private int reactionIntent(Message message) {
        return channels.get(message.channelId).isDm() ? INTENT_DIRECT_MESSAGE_REACTIONS
                : INTENT_GUILD_MESSAGE_REACTIONS;
    }

    private JsonObject reactionJson(Message message, long userId, String emoji, boolean add) {
        JsonObject json = new JsonObject()
                .put("user_id", Long.toString(userId))
                .put("channel_id", Long.toString(message.channelId))
                .put("message_id", Long.toString(message.id))
                .put("message_author_id", Long.toString(message.authorId))
                .put("emoji", emojiJson(emoji))
                .put("burst", false)
                .put("type", 0);
        if (reactionGuild(message) != null) {
            guildScoped(json);
            Member member = members.get(userId);
            if (add && member != null) {
                json.put("member", memberJson(member, true));
            }
        }
        return json;
    }

    // ---------------------------------------------------------------- members, bans, roles, voice

    void dispatchMemberUpdate(Member member) {
        JsonObject data = guildScoped(memberJson(member, true));
        dispatcher.dispatch("GUILD_MEMBER_UPDATE", data, guildId, INTENT_GUILD_MEMBERS, false);
    }

    Member addMember(User user) {
        Member member = new Member(user.id, now());
        member.roles.add(id(demo.memberRoleId()));
        members.put(user.id, member);
        dispatcher.dispatch("GUILD_MEMBER_ADD", guildScoped(memberJson(member, true)), guildId,
                INTENT_GUILD_MEMBERS, false);
        return member;
    }

    void removeMember(long userId) {
        Member member = members.remove(userId);
        if (member == null) {
            throw DiscordApiException.unknownMember();
        }
        if (voiceChannelOfUser.remove(userId) != null) {
            dispatcher.dispatch("VOICE_STATE_UPDATE", voiceStateJson(userId, null, false), guildId,
                    INTENT_GUILD_VOICE_STATES, false);
        }
        dispatcher.dispatch("GUILD_MEMBER_REMOVE", guildScoped(new JsonObject()
                .put("user", userJson(users.get(userId)))), guildId, INTENT_GUILD_MEMBERS, false);
    }

    void ban(long userId, String reason) {
        User user = requireUser(userId);
        if (members.containsKey(userId)) {
            removeMember(userId);
        }
        bans.put(userId, reason);
        dispatcher.dispatch("GUILD_BAN_ADD", guildScoped(new JsonObject().put("user", userJson(user))), guildId,
                INTENT_GUILD_MODERATION, false);
    }

    void unban(long userId) {
        if (!bans.containsKey(userId)) {
            throw DiscordApiException.unknownBan();
        }
        bans.remove(userId);
        dispatcher.dispatch("GUILD_BAN_REMOVE", guildScoped(new JsonObject()
                .put("user", userJson(requireUser(userId)))), guildId, INTENT_GUILD_MODERATION, false);
    }

    JsonObject banJson(long userId) {
        return new JsonObject().put("user", userJson(requireUser(userId))).put("reason", bans.get(userId));
    }

    void setVoiceChannel(long userId, Long channelId) {
        requireMember(userId);
        if (channelId != null) {
            Channel channel = requireChannel(channelId);
            if (channel.type != 2) {
                throw new DiscordApiException(400, 50024, "Cannot execute action on this channel type");
            }
            voiceChannelOfUser.put(userId, channelId);
        } else if (voiceChannelOfUser.remove(userId) == null) {
            return;
        }
        dispatcher.dispatch("VOICE_STATE_UPDATE", voiceStateJson(userId, channelId, true), guildId,
                INTENT_GUILD_VOICE_STATES, false);
    }

    void dispatchChannelUpdate(Channel channel) {
        dispatcher.dispatch("CHANNEL_UPDATE", channelJson(channel), guildId, INTENT_GUILDS, false);
    }

    /** The DM channel between the bot and a user, created on first use with a stable id. */
    Channel dmChannel(long userId) {
        requireUser(userId);
        for (Channel channel : channels.values()) {
            if (channel.isDm() && channel.recipientId == userId) {
                return channel;
            }
        }
        Channel channel = new Channel(nextId(), 1, null, 0);
        channel.recipientId = userId;
        channels.put(channel.id, channel);
        return channel;
    }

    // ---------------------------------------------------------------- interactions

    Interaction newInteraction(int type, String name, long channelId, long userId) {
        long id = nextId();
        String token = "aW50ZXJhY3Rpb24." + UUID.randomUUID().toString().replace("-", "");
        Interaction interaction = new Interaction(id, token, type, name, channelId, userId, nowNanos(), now());
        interactions.put(id, interaction);
        return interaction;
    }

    JsonObject interactionBase(Interaction interaction) {
        Channel channel = requireChannel(interaction.channelId);
        Member member = requireMember(interaction.userId);
        JsonObject memberJson = memberJson(member, true)
                .put("permissions", Long.toString(channelPermissions(interaction.userId, channel)));
        JsonObject channelJson = channelJson(channel)
                .put("permissions", Long.toString(channelPermissions(interaction.userId, channel)));
        return new JsonObject()
                .put("id", Long.toString(interaction.id))
                .put("application_id", Long.toString(applicationId))
                .put("type", interaction.type)
                .put("token", interaction.token)
                .put("version", 1)
                .put("guild_id", Long.toString(guildId))
                .put("guild", new JsonObject().put("id", Long.toString(guildId)).put("locale", "en-US")
                        .put("features", new JsonArray()))
                .put("guild_locale", "en-US")
                .put("channel_id", Long.toString(channel.id))
                .put("channel", channelJson)
                .put("member", memberJson)
                .put("locale", "en-US")
                .put("app_permissions", Long.toString(channelPermissions(botId, channel)))
                .put("entitlements", new JsonArray())
                .put("authorizing_integration_owners", new JsonObject().put("0", Long.toString(guildId)))
                .put("context", 0)
                .put("attachment_size_limit", 10485760);
    }

    void dispatchInteraction(JsonObject payload) {
        dispatcher.dispatch("INTERACTION_CREATE", payload, guildId, 0, false);
    }

    Interaction interactionByToken(String token) {
        for (Interaction interaction : interactions.values()) {
            if (interaction.token.equals(token)) {
                return interaction;
            }
        }
        return null;
    }

    /** Finds a registered command by name (guild commands first), or null. */
    JsonObject command(String name) {
        for (JsonObject command : guildCommands) {
            if (name.equals(command.getString("name"))) {
                return command;
            }
        }
        for (JsonObject command : globalCommands) {
            if (name.equals(command.getString("name"))) {
                return command;
            }
        }
        return null;
    }

    List<JsonObject> replaceCommands(List<JsonObject> target, JsonArray definitions, Long commandGuildId) {
        List<JsonObject> replaced = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            JsonObject definition = definitions.getJsonObject(i);
            JsonObject existing = null;
            for (JsonObject command : target) {
                if (command.getString("name").equals(definition.getString("name"))
                        && command.getInteger("type", 1).equals(definition.getInteger("type", 1))) {
                    existing = command;
                }
            }
            replaced.add(commandJson(definition, existing == null ? nextId() : Long.parseLong(existing.getString("id")),
                    commandGuildId));
        }
        target.clear();
        target.addAll(replaced);
        return replaced;
    }

    JsonObject commandJson(JsonObject definition, long id, Long commandGuildId) {
        JsonObject command = definition.copy()
                .put("id", Long.toString(id))
                .put("application_id", Long.toString(applicationId))
                .put("version", Long.toString(nextId()));
        if (!command.containsKey("type")) {
            command.put("type", 1);
        }
        if (!command.containsKey("description")) {
            command.put("description", "");
        }
        if (commandGuildId != null) {
            command.put("guild_id", Long.toString(commandGuildId));
        }
        return command;
    }

    static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            list.add(array.getJsonObject(i));
        }
        return list;
    }

    static List<Long> ids(Collection<?> values) {
        List<Long> ids = new ArrayList<>();
        for (Object value : values) {
            ids.add(Long.parseLong(String.valueOf(value)));
        }
        return ids;
    }
}
