package bot.volvox.sandbox;

import bot.volvox.sandbox.Entities.Channel;
import bot.volvox.sandbox.Entities.Member;
import bot.volvox.sandbox.Entities.Message;
import bot.volvox.sandbox.Entities.Role;
import bot.volvox.sandbox.Entities.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the fake Discord knows about one guild: its users, roles, channels, messages, bans, voice states, DM
 * channels, registered commands and interactions, and the changes to them with the gateway events they cause. A
 * sandbox serving several guilds has one state per guild; they share the bot, the snowflake generator (ids stay
 * unique across guilds) and the global commands, and every guild's demo users are its own.
 *
 * <p>Not thread-safe by design: it is confined to the sandbox's one Vert.x context (see {@link DiscordSandbox}),
 * so changes and their dispatches happen in one order, the order of the gateway's sequence numbers.
 */
final class SandboxState {
    static final int MAX_CONTENT_LENGTH = 2000;
    static final Duration INTERACTION_CALLBACK_WINDOW = Duration.ofSeconds(3);
    static final Duration INTERACTION_TOKEN_LIFETIME = Duration.ofMinutes(15);
    static final Duration MAX_TIMEOUT = Duration.ofDays(28);
    static final int EPHEMERAL = 64;
    static final int LOADING = 128;
    static final int TYPE_REPLY = 20;
    static final Instant DEMO_CREATED = Instant.parse("2024-01-01T00:00:00Z");

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

    /** Receives every gateway event; {@code contentGated} marks messages whose content needs MESSAGE_CONTENT. */
    interface Dispatcher {
        void dispatch(String type, JsonObject data, Long guildId, int intent, boolean contentGated);
    }

    final String botToken;
    final DemoGuild demo;
    final long guildId;
    final long botId;
    final long applicationId;
    final DiscordJson json = new DiscordJson(this);
    final PermissionCalculator permissions = new PermissionCalculator(this);
    /** The guild's place among the sandbox's guilds: 0 is the demo guild every single-guild test knows. */
    final int index;
    private final Snowflakes snowflakes;
    private Dispatcher dispatcher = (type, data, guildId, intent, gated) -> { };
    private long clockOffsetNanos;

    final Map<Long, User> users = new LinkedHashMap<>();
    final Map<Long, Member> members = new LinkedHashMap<>();
    final Map<Long, Role> roles = new LinkedHashMap<>();
    final Map<Long, Channel> channels = new LinkedHashMap<>();
    final Map<Long, Message> messages = new LinkedHashMap<>();
    /** The bytes of files uploaded with messages, by attachment id. */
    final Map<Long, byte[]> attachmentData = new LinkedHashMap<>();
    /** Ephemeral interaction responses: only the invoking user sees them, so they are kept out of channels. */
    final Map<Long, Message> ephemeralMessages = new LinkedHashMap<>();
    final Map<Long, String> bans = new LinkedHashMap<>();
    final Map<Long, Long> voiceChannelOfUser = new LinkedHashMap<>();
    final Map<Long, Interaction> interactions = new LinkedHashMap<>();
    /** The same by token: every follow-up names its interaction so, and a scan per call grew with the run. */
    private final Map<String, Interaction> interactionsByToken = new java.util.HashMap<>();
    final List<JsonObject> globalCommands;
    final List<JsonObject> guildCommands = new ArrayList<>();
    long ownerId;

    SandboxState() {
        this(0, new Snowflakes(), new ArrayList<>());
    }

    /** Guild {@code index} of several; {@code globalCommands} is the list every guild of the sandbox shares. */
    SandboxState(int index, Snowflakes snowflakes, List<JsonObject> globalCommands) {
        this.index = index;
        this.snowflakes = snowflakes;
        this.globalCommands = globalCommands;
        this.demo = demoIds(index);
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

    /**
     * Guild {@code index}'s ids: those of guild 0 created {@code index} milliseconds later, so that consecutive
     * guilds fall on consecutive shards ({@code (guild_id >> 22) % total}) and n guilds cover every shard of any
     * total up to n. The bot (and its application) is guild 0's in every guild.
     */
    static DemoGuild demoIds(int index) {
        String[] ids = new String[19];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Long.toString(Snowflakes.fixed(DEMO_CREATED.plusMillis(index), i + 1));
        }
        String bot = Long.toString(Snowflakes.fixed(DEMO_CREATED, 3));
        // The application id equals the bot user id, as for every Discord bot.
        return new DemoGuild(ids[0], bot, bot, ids[3], ids[4], ids[5], ids[6], ids[0], ids[7], ids[8], ids[9],
                ids[10], ids[11], ids[12], ids[13], ids[14], ids[15], ids[16], ids[17]);
    }

    void reset() {
        users.clear();
        members.clear();
        roles.clear();
        channels.clear();
        messages.clear();
        ephemeralMessages.clear();
        bans.clear();
        voiceChannelOfUser.clear();
        interactions.clear();
        interactionsByToken.clear();
        if (index == 0) {
            globalCommands.clear();
        }
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

        long muted = id(demo.mutedRoleId());
        long moderator = id(demo.moderatorRoleId());
        long botRole = id(demo.botRoleId());
        put(Channel.inGuild(id(demo.generalChannelId()), Entities.TEXT, "general", 0).withTopic("Say hello")
                .withOverwrite(new Permissions.Overwrite(muted, 0, 0,
                        Permissions.SEND_MESSAGES | Permissions.ADD_REACTIONS)));
        put(Channel.inGuild(id(demo.announcementsChannelId()), Entities.TEXT, "announcements", 1)
                .withOverwrite(new Permissions.Overwrite(guildId, 0, 0, Permissions.SEND_MESSAGES))
                .withOverwrite(new Permissions.Overwrite(botRole, 0, Permissions.SEND_MESSAGES, 0)));
        put(Channel.inGuild(id(demo.modLogChannelId()), Entities.TEXT, "mod-log", 2)
                .withOverwrite(new Permissions.Overwrite(guildId, 0, 0, Permissions.VIEW_CHANNEL))
                .withOverwrite(new Permissions.Overwrite(moderator, 0, Permissions.VIEW_CHANNEL, 0))
                .withOverwrite(new Permissions.Overwrite(botRole, 0,
                        Permissions.VIEW_CHANNEL | Permissions.SEND_MESSAGES, 0)));
        put(Channel.inGuild(id(demo.loungeVoiceChannelId()), Entities.VOICE, "Lounge", 3));

        ownerId = id(demo.ownerId());
        member(user(demo.ownerId(), "olivia", "Olivia (owner)", false, false), demo.memberRoleId());
        member(user(demo.adminId(), "adam", "Adam (admin)", false, false), demo.adminRoleId(), demo.memberRoleId());
        member(user(demo.moderatorId(), "maya", "Maya (moderator)", false, false), demo.moderatorRoleId(),
                demo.memberRoleId());
        member(user(demo.aliceId(), "alice", "Alice", false, false), demo.memberRoleId());
        member(user(demo.bobId(), "bob", "Bob", false, false), demo.memberRoleId());
        member(user(demo.carolId(), "carol", "Carol", false, true), demo.memberRoleId());
        member(user(demo.botUserId(), "Volvox", "Volvox", true, false), demo.botRoleId());
    }

    private static long id(String snowflake) {
        return Long.parseLong(snowflake);
    }

    private void role(String id, String name, long permissions, int position, int color, Long botId) {
        roles.put(id(id), new Role(id(id), name, permissions, position, color, botId));
    }

    void put(Channel channel) {
        channels.put(channel.id(), channel);
    }

    private User user(String id, String username, String globalName, boolean bot, boolean dmsClosed) {
        User user = new User(id(id), username, globalName, bot, dmsClosed);
        users.put(user.id(), user);
        return user;
    }

    private void member(User user, String... roleIds) {
        List<Long> memberRoles = new ArrayList<>();
        for (String roleId : roleIds) {
            memberRoles.add(id(roleId));
        }
        members.put(user.id(), new Member(user.id(), null, memberRoles,
                DEMO_CREATED.plus(Duration.ofDays(members.size())), null));
    }

    // ---------------------------------------------------------------- clock

    Instant now() {
        return Instant.now().plusNanos(clockOffsetNanos);
    }

    long nowNanos() {
        return System.nanoTime() + clockOffsetNanos;
    }

    /** Moves the sandbox clock forward (interaction deadlines, token expiry and timeouts follow it). */
    void advanceClock(Duration duration) {
        clockOffsetNanos += duration.toNanos();
    }

    long nextId() {
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
        if (message == null || message.channelId() != channelId) {
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

    /** A stored message by id, visible or ephemeral, or null. */
    Message anyMessage(long messageId) {
        Message message = messages.get(messageId);
        return message != null ? message : ephemeralMessages.get(messageId);
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
        JsonObject allowedMentions = body.getJsonObject("allowed_mentions");
        int flags = body.getInteger("flags", 0) | extraFlags;
        Message message = Message.of(nextId(), channelId, authorId, content, now()).withPayload(embeds.encode(),
                components.encode(), body.getJsonArray("attachments", new JsonArray()).encode(), allowedMentions == null ? null : allowedMentions.encode(), webhookId,
                flags, webhookId != null ? TYPE_REPLY : 0);
        if ((flags & EPHEMERAL) == 0) {
            messages.put(message.id(), message);
            put(channel.withLastMessageId(message.id()));
            if (dispatch) {
                dispatchMessageCreate(message);
            }
        } else {
            ephemeralMessages.put(message.id(), message);
        }
        return message;
    }

    /** The visible "is thinking..." message of a deferred interaction response, edited later through @original. */
    Message createLoadingMessage(long channelId) {
        Message loading = Message.of(nextId(), channelId, botId, "", now())
                .withPayload("[]", "[]", "[]", null, applicationId, LOADING, TYPE_REPLY);
        messages.put(loading.id(), loading);
        dispatchMessageCreate(loading);
        return loading;
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
        long messageId = snowflakes.next(sentAt);
        JsonArray attachments = new JsonArray();
        for (String fileName : fileNames) {
            long attachmentId = nextId();
            String url = "https://cdn.discordapp.com/attachments/" + channelId + "/" + attachmentId + "/" + fileName;
            attachments.add(new JsonObject().put("id", Long.toString(attachmentId)).put("filename", fileName)
                    .put("size", 1024).put("url", url).put("proxy_url", url.replace("cdn.discordapp.com",
                            "media.discordapp.net")));
        }
        Message message = Message.of(messageId, channelId, authorId, content, sentAt)
                .withPayload("[]", "[]", attachments.encode(), null, null, 0, 0);
        messages.put(message.id(), message);
        if (channel.lastMessageId() == null || channel.lastMessageId() < message.id()) {
            put(channel.withLastMessageId(message.id()));
        }
        return message;
    }

    /** A channel's messages, newest first (Discord orders them by snowflake). */
    List<Message> channelMessagesNewestFirst(long channelId) {
        return messages.values().stream().filter(message -> message.channelId() == channelId)
                .sorted(Comparator.comparingLong(Message::id).reversed()).toList();
    }

    private boolean contentGated(Message message, Channel channel) {
        return message.authorId() != botId && !channel.isDm()
                && !DiscordJson.mentionedUserIds(message.content()).contains(botId);
    }

    void dispatchMessageCreate(Message message) {
        Channel channel = channels.get(message.channelId());
        boolean dm = channel.isDm();
        dispatcher.dispatch("MESSAGE_CREATE", json.message(message), dm ? null : guildId,
                dm ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES, contentGated(message, channel));
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

    /** Replaces a stored message (visible or ephemeral) with its changed value. */
    private Message store(Message message) {
        if (messages.containsKey(message.id())) {
            messages.put(message.id(), message);
        } else if (ephemeralMessages.containsKey(message.id())) {
            ephemeralMessages.put(message.id(), message);
        }
        return message;
    }

    Message editMessage(Message message, JsonObject body) {
        return editMessage(message, body, true);
    }

    /**
     * Applies an edit (content, embeds, components); {@code markEdited} false keeps {@code edited_timestamp} unset,
     * as when a deferred response's "is thinking..." message gets its first content.
     */
    Message editMessage(Message message, JsonObject body, boolean markEdited) {
        String content = message.content();
        if (body.containsKey("content")) {
            content = body.getString("content") == null ? "" : body.getString("content");
            validateContent(content, body.getJsonArray("embeds", message.embedsJson()), message.componentsJson(),
                    new JsonObject().put("content", content));
        }
        String embeds = body.containsKey("embeds") ? body.getJsonArray("embeds", new JsonArray()).encode()
                : message.embeds();
        String components = body.containsKey("components")
                ? body.getJsonArray("components", new JsonArray()).encode() : message.components();
        Message changed = message.withContent(content, embeds, components, markEdited ? now() : message.editedAt());
        if (body.containsKey("attachments")) {
            // the list given is what the message keeps: files uploaded now and earlier ones named by id
            changed = changed.withPayload(embeds, components, body.getJsonArray("attachments", new JsonArray())
                    .stream().filter(entry -> entry instanceof JsonObject object && object.containsKey("url"))
                    .collect(JsonArray::new, JsonArray::add, JsonArray::addAll).encode(), changed.allowedMentions(),
                    changed.webhookId(), changed.flags(), changed.type());
        }
        Message edited = store(changed);
        if (messages.containsKey(edited.id())) {
            Channel channel = channels.get(edited.channelId());
            dispatcher.dispatch("MESSAGE_UPDATE", json.message(edited), channel.isDm() ? null : guildId,
                    channel.isDm() ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES, contentGated(edited, channel));
        }
        return edited;
    }

    /** Clears the LOADING flag of a deferred response's message, without an event: the edit that follows sends one. */
    Message finishLoading(Message message) {
        return store(message.withFlags(message.flags() & ~LOADING));
    }

    void deleteMessage(Message message) {
        messages.remove(message.id());
        Channel channel = channels.get(message.channelId());
        JsonObject data = new JsonObject().put("id", Long.toString(message.id()))
                .put("channel_id", Long.toString(message.channelId()));
        if (!channel.isDm()) {
            json.guildScoped(data);
        }
        dispatcher.dispatch("MESSAGE_DELETE", data, channel.isDm() ? null : guildId,
                channel.isDm() ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES, false);
    }

    void bulkDelete(long channelId, List<Long> ids) {
        Channel channel = requireChannel(channelId);
        JsonArray deleted = new JsonArray();
        for (long id : ids) {
            Message message = messages.get(id);
            if (message != null && message.channelId() == channelId) {
                messages.remove(id);
                deleted.add(Long.toString(id));
            }
        }
        dispatcher.dispatch("MESSAGE_DELETE_BULK", json.guildScoped(new JsonObject().put("ids", deleted)
                .put("channel_id", Long.toString(channel.id()))), guildId, INTENT_GUILD_MESSAGES, false);
    }

    void addReaction(Message message, long userId, String emoji) {
        if (message.reacted(emoji, userId)) {
            return;
        }
        Message reacted = store(message.withReaction(emoji, userId, true));
        dispatcher.dispatch("MESSAGE_REACTION_ADD", json.reaction(reacted, userId, emoji, true),
                reactionGuild(reacted), reactionIntent(reacted), false);
    }

    void removeReaction(Message message, long userId, String emoji) {
        if (!message.reacted(emoji, userId)) {
            return;
        }
        Message unreacted = store(message.withReaction(emoji, userId, false));
        dispatcher.dispatch("MESSAGE_REACTION_REMOVE", json.reaction(unreacted, userId, emoji, false),
                reactionGuild(unreacted), reactionIntent(unreacted), false);
    }

    private Long reactionGuild(Message message) {
        return channels.get(message.channelId()).isDm() ? null : guildId;
    }

    private int reactionIntent(Message message) {
        return channels.get(message.channelId()).isDm() ? INTENT_DIRECT_MESSAGE_REACTIONS
                : INTENT_GUILD_MESSAGE_REACTIONS;
    }

    // ---------------------------------------------------------------- members, bans, roles, voice

    /** Stores a changed member and dispatches GUILD_MEMBER_UPDATE. */
    Member updateMember(Member member) {
        members.put(member.userId(), member);
        dispatcher.dispatch("GUILD_MEMBER_UPDATE", json.guildScoped(json.member(member, true)), guildId,
                INTENT_GUILD_MEMBERS, false);
        return member;
    }

    /** A user who exists only from now on (not a demo user): joins nothing yet. */
    User createUser(String name) {
        User user = new User(nextId(), name, name, false, false);
        users.put(user.id(), user);
        return user;
    }

    Member addMember(User user) {
        Member member = new Member(user.id(), null, List.of(id(demo.memberRoleId())), now(), null);
        members.put(user.id(), member);
        dispatcher.dispatch("GUILD_MEMBER_ADD", json.guildScoped(json.member(member, true)), guildId,
                INTENT_GUILD_MEMBERS, false);
        return member;
    }

    void removeMember(long userId) {
        Member member = members.remove(userId);
        if (member == null) {
            throw DiscordApiException.unknownMember();
        }
        if (voiceChannelOfUser.remove(userId) != null) {
            dispatcher.dispatch("VOICE_STATE_UPDATE", json.voiceState(userId, null, false), guildId,
                    INTENT_GUILD_VOICE_STATES, false);
        }
        dispatcher.dispatch("GUILD_MEMBER_REMOVE", json.guildScoped(new JsonObject()
                .put("user", json.user(users.get(userId)))), guildId, INTENT_GUILD_MEMBERS, false);
    }

    void ban(long userId, String reason) {
        User user = requireUser(userId);
        if (members.containsKey(userId)) {
            removeMember(userId);
        }
        bans.put(userId, reason);
        dispatcher.dispatch("GUILD_BAN_ADD", json.guildScoped(new JsonObject().put("user", json.user(user))),
                guildId, INTENT_GUILD_MODERATION, false);
    }

    void unban(long userId) {
        if (!bans.containsKey(userId)) {
            throw DiscordApiException.unknownBan();
        }
        bans.remove(userId);
        dispatcher.dispatch("GUILD_BAN_REMOVE", json.guildScoped(new JsonObject()
                .put("user", json.user(requireUser(userId)))), guildId, INTENT_GUILD_MODERATION, false);
    }

    void setVoiceChannel(long userId, Long channelId) {
        requireMember(userId);
        if (channelId != null) {
            Channel channel = requireChannel(channelId);
            if (channel.type() != Entities.VOICE) {
                throw new DiscordApiException(400, 50024, "Cannot execute action on this channel type");
            }
            voiceChannelOfUser.put(userId, channelId);
        } else if (voiceChannelOfUser.remove(userId) == null) {
            return;
        }
        dispatcher.dispatch("VOICE_STATE_UPDATE", json.voiceState(userId, channelId, true), guildId,
                INTENT_GUILD_VOICE_STATES, false);
    }

    /** Stores a changed channel and dispatches CHANNEL_UPDATE. */
    Channel updateChannel(Channel channel) {
        put(channel);
        dispatcher.dispatch("CHANNEL_UPDATE", json.channel(channel), guildId, INTENT_GUILDS, false);
        return channel;
    }

    /** The DM channel between the bot and a user, created on first use with a stable id. */
    Channel dmChannel(long userId) {
        requireUser(userId);
        for (Channel channel : channels.values()) {
            if (channel.isDm() && channel.recipientId() == userId) {
                return channel;
            }
        }
        Channel channel = Channel.dm(nextId(), userId);
        put(channel);
        return channel;
    }

    // ---------------------------------------------------------------- interactions

    Interaction newInteraction(int type, String name, long channelId, long userId) {
        long id = nextId();
        String token = "aW50ZXJhY3Rpb24." + UUID.randomUUID().toString().replace("-", "");
        Interaction interaction = new Interaction(id, token, type, name, channelId, userId, nowNanos(), now());
        interactions.put(id, interaction);
        interactionsByToken.put(token, interaction);
        return interaction;
    }

    void dispatchInteraction(JsonObject payload) {
        dispatcher.dispatch("INTERACTION_CREATE", payload, guildId, 0, false);
    }

    Interaction interactionByToken(String token) {
        return interactionsByToken.get(token);
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
            replaced.add(json.command(definition, existing == null ? nextId()
                    : Long.parseLong(existing.getString("id")), commandGuildId));
        }
        target.clear();
        target.addAll(replaced);
        return replaced;
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
