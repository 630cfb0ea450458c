package bot.volvox.gateway.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.emoji.CustomEmoji;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.entities.emoji.EmojiUnion;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberRemoveEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberUpdateEvent;
import net.dv8tion.jda.api.events.guild.voice.GuildVoiceUpdateEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.GenericSelectMenuInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.utils.TimeUtil;

/** Turns JDA events into the platform's {@link DiscordEvent} records. Pure translation, no I/O. */
public final class EventMapper {

    public static DiscordEvent messageCreated(MessageReceivedEvent event) {
        Message message = event.getMessage();
        return DiscordEvent.of(message.getId(), createdAt(message),
                event.isFromGuild() ? event.getGuild().getId() : null,
                new EventPayload.MessageCreated(message(message, event.getMember())));
    }

    public static DiscordEvent messageUpdated(MessageUpdateEvent event) {
        Message message = event.getMessage();
        OffsetDateTime edited = message.getTimeEdited();
        return DiscordEvent.of(message.getId(), edited != null ? edited.toInstant() : Instant.now(),
                event.isFromGuild() ? event.getGuild().getId() : null,
                new EventPayload.MessageUpdated(message(message, event.getMember())));
    }

    public static DiscordEvent messageDeleted(MessageDeleteEvent event) {
        return DiscordEvent.of(event.getMessageId(), Instant.now(),
                event.isFromGuild() ? event.getGuild().getId() : null,
                new EventPayload.MessageDeleted(event.getChannel().getId(), event.getMessageId()));
    }

    public static DiscordEvent reactionAdded(MessageReactionAddEvent event) {
        return DiscordEvent.of(null, Instant.now(), event.isFromGuild() ? event.getGuild().getId() : null,
                new EventPayload.ReactionAdded(event.getChannel().getId(), event.getMessageId(),
                        event.getMessageAuthorIdLong() == 0 ? null : event.getMessageAuthorId(), event.getUserId(),
                        emoji(event.getEmoji())));
    }

    public static DiscordEvent reactionRemoved(MessageReactionRemoveEvent event) {
        return DiscordEvent.of(null, Instant.now(), event.isFromGuild() ? event.getGuild().getId() : null,
                new EventPayload.ReactionRemoved(event.getChannel().getId(), event.getMessageId(), null,
                        event.getUserId(), emoji(event.getEmoji())));
    }

    /** Null when neither channel changed (e.g. only mute/deafen state did) or the member is a bot. */
    public static DiscordEvent voice(GuildVoiceUpdateEvent event) {
        if (event.getMember().getUser().isBot()) {
            return null; // the original ignored bots in voice
        }
        String userId = event.getMember().getId();
        var joined = event.getChannelJoined();
        var left = event.getChannelLeft();
        EventPayload payload;
        if (joined != null && left != null) {
            payload = new EventPayload.VoiceMoved(userId, left.getId(), joined.getId());
        } else if (joined != null) {
            payload = new EventPayload.VoiceJoined(userId, joined.getId());
        } else if (left != null) {
            payload = new EventPayload.VoiceLeft(userId, left.getId());
        } else {
            return null;
        }
        return DiscordEvent.of(null, Instant.now(), event.getGuild().getId(), payload);
    }

    /**
     * The members in the guild's voice channels as JDA's cache holds them (voice states are cached for every member
     * in a channel), bots left out as in {@link #voice}.
     */
    public static DiscordEvent voiceSnapshot(Guild guild) {
        List<EventPayload.VoiceState> members = guild.getVoiceStates().stream()
                .filter(state -> state.getChannel() != null && !state.getMember().getUser().isBot())
                .map(state -> new EventPayload.VoiceState(state.getMember().getId(), state.getChannel().getId()))
                .sorted(Comparator.comparing(EventPayload.VoiceState::userId))
                .toList();
        return DiscordEvent.of(null, Instant.now(), guild.getId(), new EventPayload.VoiceSnapshot(members));
    }

    public static DiscordEvent memberJoined(GuildMemberJoinEvent event) {
        User user = event.getUser();
        return DiscordEvent.of(null, Instant.now(), event.getGuild().getId(), new EventPayload.MemberJoined(
                author(user), createdAt(user),
                event.getMember().hasTimeJoined() ? event.getMember().getTimeJoined().toInstant() : Instant.now()));
    }

    public static DiscordEvent memberLeft(GuildMemberRemoveEvent event) {
        return DiscordEvent.of(null, Instant.now(), event.getGuild().getId(),
                new EventPayload.MemberLeft(author(event.getUser())));
    }

    public static DiscordEvent memberUpdated(GuildMemberUpdateEvent event) {
        Member member = event.getMember();
        OffsetDateTime timeout = member.getTimeOutEnd();
        return DiscordEvent.of(null, Instant.now(), event.getGuild().getId(), new EventPayload.MemberUpdated(
                author(member.getUser()), member.getNickname(), ids(member.getRoles()),
                timeout != null ? timeout.toInstant() : null, member.isPending()));
    }

    public static DiscordEvent slashCommand(SlashCommandInteractionEvent event, boolean ephemeral) {
        return slashCommand(event, event.getName(), ephemeral);
    }

    /** The command as {@code commandName}: a guild's alias is published as the command it stands for. */
    public static DiscordEvent slashCommand(SlashCommandInteractionEvent event, String commandName, boolean ephemeral) {
        return DiscordEvent.of(event.getId(), createdAt(event), guildId(event),
                new EventPayload.SlashCommand(interaction(event, true, ephemeral), commandName,
                        event.getSubcommandGroup(), event.getSubcommandName(), options(event.getOptions())));
    }

    public static DiscordEvent autocomplete(CommandAutoCompleteInteractionEvent event) {
        return DiscordEvent.of(event.getId(), createdAt(event), guildId(event),
                new EventPayload.Autocomplete(interaction(event, false, false), event.getName(),
                        event.getSubcommandGroup(), event.getSubcommandName(), event.getFocusedOption().getName(),
                        event.getFocusedOption().getValue(), options(event.getOptions())));
    }

    public static DiscordEvent button(ButtonInteractionEvent event, boolean deferred) {
        return DiscordEvent.of(event.getId(), createdAt(event), guildId(event),
                new EventPayload.ButtonClicked(interaction(event, deferred, false), event.getComponentId(),
                        event.getMessageId()));
    }

    public static DiscordEvent select(GenericSelectMenuInteractionEvent<?, ?> event, boolean deferred) {
        List<String> values = event.getValues().stream()
                .map(v -> v instanceof ISnowflake s ? s.getId() : String.valueOf(v)).toList();
        return DiscordEvent.of(event.getId(), createdAt(event), guildId(event),
                new EventPayload.SelectMenuChosen(interaction(event, deferred, false), event.getComponentId(),
                        event.getMessageId(), values));
    }

    public static DiscordEvent modal(ModalInteractionEvent event, boolean deferred, boolean ephemeral) {
        Map<String, String> values = event.getValues().stream().collect(Collectors.toMap(ModalMapping::getCustomId,
                m -> String.valueOf(m.getAsString()), (a, b) -> b, java.util.LinkedHashMap::new));
        return DiscordEvent.of(event.getId(), createdAt(event), guildId(event),
                new EventPayload.ModalSubmitted(interaction(event, deferred, ephemeral), event.getModalId(), values));
    }

    // ------------------------------------------------------------------------------------------------ parts

    static EventPayload.Interaction interaction(Interaction interaction, boolean deferred, boolean ephemeral) {
        Member member = interaction.getMember();
        List<Role> roles = member != null ? member.getRoles() : List.of();
        String permissions = member == null ? null : interaction.getGuildChannel() != null
                ? Long.toUnsignedString(Permission.getRaw(member.getPermissions(interaction.getGuildChannel())))
                : Long.toUnsignedString(Permission.getRaw(member.getPermissions()));
        return new EventPayload.Interaction(interaction.getId(), interaction.getJDA().getSelfUser().getApplicationId(),
                interaction.getToken(), interaction.getChannelId(), author(interaction.getUser()), permissions,
                ids(roles), topPosition(roles), botTopRolePosition(interaction.getGuild()),
                member != null && member.isOwner(), interaction.getUserLocale().getLocale(),
                interaction.isFromGuild() ? interaction.getGuildLocale().getLocale() : null, deferred, ephemeral,
                attached(interaction.getGuild()) ? interaction.getGuild().getName() : null,
                attached(interaction.getGuild()) ? interaction.getGuild().getOwnerId() : null);
    }

    /** A guild the bot is in (a user-installed command sees a detached one, without name or owner). */
    private static boolean attached(Guild guild) {
        return guild != null && !guild.isDetached();
    }

    /**
     * Discord's raw position of the highest role (JDA sorts a member's roles highest first), as the original compared
     * it; 0 when only @everyone. JDA's {@code getPosition()} counts from the lowest role at 0, so it would confuse that
     * role with @everyone.
     */
    static int topPosition(List<Role> roles) {
        return roles.isEmpty() ? 0 : roles.get(0).getPositionRaw();
    }

    /** Null outside a guild, and in a guild the bot is not in (a user-installed command sees it detached). */
    private static Integer botTopRolePosition(Guild guild) {
        return attached(guild) ? topPosition(guild.getSelfMember().getRoles()) : null;
    }

    static List<CommandOptionValue> options(List<OptionMapping> options) {
        return options.stream().map(EventMapper::option).toList();
    }

    private static CommandOptionValue option(OptionMapping option) {
        EventPayload.ResolvedUser user = null;
        EventPayload.ResolvedRole role = null;
        EventPayload.ResolvedChannel channel = null;
        EventPayload.Attachment attachment = null;
        switch (option.getType()) {
            case USER, MENTIONABLE -> {
                User u = option.getAsMentionable() instanceof User asUser ? asUser
                        : option.getAsMentionable() instanceof Member m ? m.getUser() : null;
                Member m = option.getAsMember();
                if (u == null && m != null) {
                    u = m.getUser();
                }
                if (u != null) {
                    user = resolvedUser(u, m);
                }
                if (option.getAsMentionable() instanceof Role r) {
                    role = new EventPayload.ResolvedRole(r.getId(), r.getName(), r.getPositionRaw(), r.isManaged());
                }
            }
            case ROLE -> {
                Role r = option.getAsRole();
                role = new EventPayload.ResolvedRole(r.getId(), r.getName(), r.getPositionRaw(), r.isManaged());
            }
            case CHANNEL -> {
                var c = option.getAsChannel();
                channel = new EventPayload.ResolvedChannel(c.getId(), c.getName(), c.getType().name());
            }
            case ATTACHMENT -> {
                Message.Attachment a = option.getAsAttachment();
                attachment = new EventPayload.Attachment(a.getId(), a.getFileName(), a.getUrl(), a.getContentType(),
                        a.getSize());
            }
            default -> {
            }
        }
        return new CommandOptionValue(option.getName(), option.getType().name(), option.getAsString(), user, role,
                channel, attachment);
    }

    private static EventPayload.ResolvedUser resolvedUser(User user, Member member) {
        if (member == null) {
            return new EventPayload.ResolvedUser(author(user), null, null, null, null);
        }
        List<Role> roles = member.getRoles();
        return new EventPayload.ResolvedUser(author(user), member.getNickname(), ids(roles), topPosition(roles),
                Long.toUnsignedString(Permission.getRaw(member.getPermissions())));
    }

    static EventPayload.Message message(Message message, Member member) {
        var mentions = message.getMentions();
        var reference = message.getMessageReference();
        OffsetDateTime edited = message.getTimeEdited();
        List<Role> roles = member != null ? member.getRoles() : null;
        return new EventPayload.Message(message.getChannelId(), message.getId(), author(message.getAuthor()),
                message.getContentRaw(),
                message.getAttachments().stream().map(a -> new EventPayload.Attachment(a.getId(), a.getFileName(),
                        a.getUrl(), a.getContentType(), a.getSize())).toList(),
                ids(mentions.getUsers()), ids(mentions.getRoles()), mentions.mentionsEveryone(),
                reference != null ? reference.getMessageId() : null,
                message.isWebhookMessage() ? message.getAuthor().getId() : null,
                roles != null ? ids(roles) : List.of(), createdAt(message),
                edited != null ? edited.toInstant() : null,
                member != null ? Long.toUnsignedString(Permission.getRaw(member.getPermissions())) : null,
                roles != null ? roles.stream().map(Role::getName).toList() : null,
                threadParentId(message));
    }

    /** The channel a thread belongs to, so that consumers can apply that channel's settings to the thread. */
    private static String threadParentId(Message message) {
        if (!message.getChannelType().isThread()) {
            return null;
        }
        return message.getChannel().asThreadChannel().getParentChannel().getId();
    }

    /**
     * When Discord created the entity, read from its snowflake. JDA's {@code getTimeCreated()} goes through a
     * {@code Calendar} per call, which was a third of the mapping's cost on JDA's event thread.
     */
    static Instant createdAt(ISnowflake entity) {
        return Instant.ofEpochMilli((entity.getIdLong() >>> TimeUtil.TIMESTAMP_OFFSET) + TimeUtil.DISCORD_EPOCH);
    }

    static Author author(User user) {
        return new Author(user.getId(), user.getName(), user.getGlobalName(), user.isBot(), user.isSystem());
    }

    static EventPayload.Emoji emoji(EmojiUnion emoji) {
        if (emoji.getType() == Emoji.Type.CUSTOM) {
            CustomEmoji custom = emoji.asCustom();
            return new EventPayload.Emoji(custom.getName(), custom.getId(), custom.isAnimated());
        }
        return new EventPayload.Emoji(emoji.getName(), null, false);
    }

    private static List<String> ids(List<? extends ISnowflake> entities) {
        return entities.stream().map(ISnowflake::getId).toList();
    }

    private static String guildId(Interaction interaction) {
        return interaction.isFromGuild() ? interaction.getGuild().getId() : null;
    }

    private EventMapper() {
    }
}
