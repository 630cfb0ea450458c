package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Typed payloads of {@link DiscordEvent}. The JSON carries the type name in {@code type}, which selects the record on
 * reading. Snowflakes are strings (JavaScript-safe, like Discord's own JSON).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(EventPayload.MessageCreated.class),
        @JsonSubTypes.Type(EventPayload.MessageUpdated.class),
        @JsonSubTypes.Type(EventPayload.MessageDeleted.class),
        @JsonSubTypes.Type(EventPayload.ReactionAdded.class),
        @JsonSubTypes.Type(EventPayload.ReactionRemoved.class),
        @JsonSubTypes.Type(EventPayload.VoiceJoined.class),
        @JsonSubTypes.Type(EventPayload.VoiceLeft.class),
        @JsonSubTypes.Type(EventPayload.VoiceMoved.class),
        @JsonSubTypes.Type(EventPayload.VoiceSnapshot.class),
        @JsonSubTypes.Type(EventPayload.MemberJoined.class),
        @JsonSubTypes.Type(EventPayload.MemberLeft.class),
        @JsonSubTypes.Type(EventPayload.MemberUpdated.class),
        @JsonSubTypes.Type(EventPayload.SlashCommand.class),
        @JsonSubTypes.Type(EventPayload.ButtonClicked.class),
        @JsonSubTypes.Type(EventPayload.ModalSubmitted.class),
        @JsonSubTypes.Type(EventPayload.SelectMenuChosen.class),
        @JsonSubTypes.Type(EventPayload.Autocomplete.class),
        @JsonSubTypes.Type(EventPayload.ConfigChanged.class),
        @JsonSubTypes.Type(EventPayload.AiModerationRequested.class),
})
public sealed interface EventPayload {

    /** The type name written to JSON. */
    default String type() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /**
     * The topic the event goes to. An interaction goes to the topic of the service that answers it
     * ({@link Topics#interactionsForCommand}, {@link Topics#interactionsForComponent}); one that no service answers has
     * none (an {@link IllegalStateException}): the gateway answers such interactions itself and never publishes them.
     */
    @JsonIgnore
    String topic();

    private static IllegalStateException unanswerable(String what) {
        return new IllegalStateException("no domain service answers " + what + ", so it has no interaction topic");
    }

    /** The user the event is about (keys direct messages); null when there is none. */
    @JsonIgnore
    String actorId();

    // ---------------------------------------------------------------- discord.message

    /** A user, as seen on a message or interaction. */
    record Author(String id, String username, String globalName, boolean bot, boolean system) {
    }

    record Attachment(String id, String filename, String url, String contentType, long size) {
    }

    /**
     * A message as Discord delivered it (also the state after an edit).
     *
     * @param memberPermissions the author's guild-wide permissions (Discord's bit set, as a decimal string), so
     *        auto-mod can exempt Administrator holders; null outside a guild and in records written before it existed
     * @param memberRoleNames the names of the author's roles, in the order of {@code memberRoleIds} (the original's
     *        legacy {@code permissions.modRoles} may name a role instead of giving its id); null like
     *        {@code memberPermissions}
     * @param parentChannelId for a message in a thread, the channel the thread belongs to (threads inherit its
     *        settings); null outside threads and in records written before the field existed
     */
    record Message(String channelId, String messageId, Author author, String content, List<Attachment> attachments,
            List<String> mentionedUserIds, List<String> mentionedRoleIds, boolean mentionsEveryone,
            String referencedMessageId, String webhookId, List<String> memberRoleIds, Instant createdAt,
            Instant editedAt, String memberPermissions, List<String> memberRoleNames, String parentChannelId) {

        /** Jackson reads every field through the canonical constructor, not the shorter one below. */
        @JsonCreator
        public Message {
        }

        /**
         * A message outside a thread, without the author's permissions and role names (as records written before
         * they existed).
         */
        public Message(String channelId, String messageId, Author author, String content, List<Attachment> attachments,
                List<String> mentionedUserIds, List<String> mentionedRoleIds, boolean mentionsEveryone,
                String referencedMessageId, String webhookId, List<String> memberRoleIds, Instant createdAt,
                Instant editedAt) {
            this(channelId, messageId, author, content, attachments, mentionedUserIds, mentionedRoleIds,
                    mentionsEveryone, referencedMessageId, webhookId, memberRoleIds, createdAt, editedAt, null, null,
                    null);
        }
    }

    @JsonTypeName("message.created")
    record MessageCreated(Message message) implements EventPayload {
        public String topic() {
            return Topics.MESSAGE;
        }

        public String actorId() {
            return message.author().id();
        }
    }

    @JsonTypeName("message.updated")
    record MessageUpdated(Message message) implements EventPayload {
        public String topic() {
            return Topics.MESSAGE;
        }

        public String actorId() {
            return message.author().id();
        }
    }

    /** Discord does not say who deleted a message, nor (uncached) who wrote it. */
    @JsonTypeName("message.deleted")
    record MessageDeleted(String channelId, String messageId) implements EventPayload {
        public String topic() {
            return Topics.MESSAGE;
        }

        public String actorId() {
            return null;
        }
    }

    // ---------------------------------------------------------------- discord.reaction

    /** A unicode emoji has only {@code name}; a custom emoji also has {@code id} and maybe {@code animated}. */
    record Emoji(String name, String id, boolean animated) {
    }

    @JsonTypeName("reaction.added")
    record ReactionAdded(String channelId, String messageId, String messageAuthorId, String userId, Emoji emoji)
            implements EventPayload {
        public String topic() {
            return Topics.REACTION;
        }

        public String actorId() {
            return userId;
        }
    }

    @JsonTypeName("reaction.removed")
    record ReactionRemoved(String channelId, String messageId, String messageAuthorId, String userId, Emoji emoji)
            implements EventPayload {
        public String topic() {
            return Topics.REACTION;
        }

        public String actorId() {
            return userId;
        }
    }

    // ---------------------------------------------------------------- discord.voice

    @JsonTypeName("voice.joined")
    record VoiceJoined(String userId, String channelId) implements EventPayload {
        public String topic() {
            return Topics.VOICE;
        }

        public String actorId() {
            return userId;
        }
    }

    @JsonTypeName("voice.left")
    record VoiceLeft(String userId, String channelId) implements EventPayload {
        public String topic() {
            return Topics.VOICE;
        }

        public String actorId() {
            return userId;
        }
    }

    @JsonTypeName("voice.moved")
    record VoiceMoved(String userId, String fromChannelId, String toChannelId) implements EventPayload {
        public String topic() {
            return Topics.VOICE;
        }

        public String actorId() {
            return userId;
        }
    }

    /** A member in a voice channel of the event's guild. */
    record VoiceState(String userId, String channelId) {
    }

    /**
     * Every member the gateway sees in the guild's voice channels when its session becomes ready or resumes (the
     * joins and leaves of a disconnection are not replayed, so this state is what a consumer reconciles from).
     * Bots are left out, as in the other voice events.
     */
    @JsonTypeName("voice.snapshot")
    record VoiceSnapshot(List<VoiceState> members) implements EventPayload {
        public String topic() {
            return Topics.VOICE;
        }

        public String actorId() {
            return null;
        }
    }

    // ---------------------------------------------------------------- discord.member

    @JsonTypeName("member.joined")
    record MemberJoined(Author user, Instant accountCreatedAt, Instant joinedAt) implements EventPayload {
        public String topic() {
            return Topics.MEMBER;
        }

        public String actorId() {
            return user.id();
        }
    }

    @JsonTypeName("member.left")
    record MemberLeft(Author user) implements EventPayload {
        public String topic() {
            return Topics.MEMBER;
        }

        public String actorId() {
            return user.id();
        }
    }

    /** The member's state after the change (nickname, roles, timeout). */
    @JsonTypeName("member.updated")
    record MemberUpdated(Author user, String nickname, List<String> roleIds, Instant timedOutUntil, boolean pending)
            implements EventPayload {
        public String topic() {
            return Topics.MEMBER;
        }

        public String actorId() {
            return user.id();
        }
    }

    // ---------------------------------------------------------------- discord.interaction

    /**
     * What every interaction carries: who invoked it where, and how to answer it.
     *
     * @param permissions the invoker's effective permissions in the channel (Discord's bit set, as a decimal string)
     * @param topRolePosition Discord's position of the invoker's highest role (0 = only @everyone); for hierarchy checks
     * @param botTopRolePosition position of the bot's own highest role in the guild (0 = only @everyone), so a service
     *        can refuse a target the bot cannot act on before asking Discord; null outside a guild and in records
     *        written before this field existed (unknown: leave the check to Discord)
     * @param guildOwner whether the invoker owns the guild
     * @param token the interaction token (valid 15 minutes) for {@code INTERACTION_REPLY} / {@code INTERACTION_FOLLOWUP}
     * @param deferred whether the gateway already deferred it (slash commands always are)
     * @param ephemeral whether that deferral is ephemeral (per the command registry)
     * @param guildName the guild's name, for texts read outside it (a punishment DM); null outside a guild and in
     *        records written before it existed
     * @param guildOwnerId the id of the guild's owner, so a service can protect the owner as a target; null like
     *        {@code guildName}
     */
    record Interaction(String interactionId, String applicationId, String token, String channelId, Author user,
            String permissions, List<String> roleIds, int topRolePosition, Integer botTopRolePosition,
            boolean guildOwner, String locale, String guildLocale, boolean deferred, boolean ephemeral,
            String guildName, String guildOwnerId) {

        /** An interaction without the guild's name and owner (as records written before they existed). */
        public Interaction(String interactionId, String applicationId, String token, String channelId, Author user,
                String permissions, List<String> roleIds, int topRolePosition, Integer botTopRolePosition,
                boolean guildOwner, String locale, String guildLocale, boolean deferred, boolean ephemeral) {
            this(interactionId, applicationId, token, channelId, user, permissions, roleIds, topRolePosition,
                    botTopRolePosition, guildOwner, locale, guildLocale, deferred, ephemeral, null, null);
        }
    }

    /** A user resolved by Discord for a USER or MENTIONABLE option; member fields are null for non-members. */
    record ResolvedUser(Author user, String nickname, List<String> roleIds, Integer topRolePosition,
            String permissions) {
    }

    record ResolvedRole(String id, String name, int position, boolean managed) {
    }

    record ResolvedChannel(String id, String name, String type) {
    }

    /**
     * One option value. {@code value} is the raw value as a string (numbers, booleans, snowflakes); typed options
     * also carry what Discord resolved.
     */
    record CommandOptionValue(String name, String type, String value, ResolvedUser user, ResolvedRole role,
            ResolvedChannel channel, Attachment attachment) {
    }

    @JsonTypeName("interaction.slash-command")
    record SlashCommand(Interaction interaction, String commandName, String subcommandGroup, String subcommand,
            List<CommandOptionValue> options) implements EventPayload {
        /** The owning service's {@code discord.interaction.<service>}. */
        public String topic() {
            return Topics.interactionsForCommand(commandName).orElseThrow(() -> unanswerable("/" + commandName));
        }

        public String actorId() {
            return interaction.user().id();
        }

        /** The option called {@code name}, or null. */
        public CommandOptionValue option(String name) {
            return options.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
        }
    }

    @JsonTypeName("interaction.button")
    record ButtonClicked(Interaction interaction, String customId, String messageId) implements EventPayload {
        /** The service whose {@link bot.volvox.platform.commands.ComponentPrefix} the custom id starts with. */
        public String topic() {
            return Topics.interactionsForComponent(customId).orElseThrow(() -> unanswerable("component " + customId));
        }

        public String actorId() {
            return interaction.user().id();
        }
    }

    @JsonTypeName("interaction.modal")
    record ModalSubmitted(Interaction interaction, String customId, Map<String, String> values)
            implements EventPayload {
        /** The service whose {@link bot.volvox.platform.commands.ComponentPrefix} the custom id starts with. */
        public String topic() {
            return Topics.interactionsForComponent(customId).orElseThrow(() -> unanswerable("component " + customId));
        }

        public String actorId() {
            return interaction.user().id();
        }
    }

    @JsonTypeName("interaction.select")
    record SelectMenuChosen(Interaction interaction, String customId, String messageId, List<String> values)
            implements EventPayload {
        /** The service whose {@link bot.volvox.platform.commands.ComponentPrefix} the custom id starts with. */
        public String topic() {
            return Topics.interactionsForComponent(customId).orElseThrow(() -> unanswerable("component " + customId));
        }

        public String actorId() {
            return interaction.user().id();
        }
    }

    /**
     * Autocomplete cannot be deferred: the owning service answers with an {@code AUTOCOMPLETE_CHOICES} action, which
     * the gateway relays while the interaction is still open (Discord allows 3 s); otherwise it answers no choices.
     */
    @JsonTypeName("interaction.autocomplete")
    record Autocomplete(Interaction interaction, String commandName, String subcommandGroup, String subcommand,
            String focusedOption, String focusedValue, List<CommandOptionValue> options) implements EventPayload {
        /** The owning service's {@code discord.interaction.<service>}. */
        public String topic() {
            return Topics.interactionsForCommand(commandName).orElseThrow(() -> unanswerable("/" + commandName));
        }

        public String actorId() {
            return interaction.user().id();
        }
    }

    // ---------------------------------------------------------------- volvox.config

    /**
     * A configuration write. The envelope's guildId is the guild whose override changed, or {@code global}.
     *
     * @param section the top-level config key (e.g. {@code moderation})
     * @param path the dotted path that changed (e.g. {@code moderation.logging.channels.default})
     */
    @JsonTypeName("config.changed")
    record ConfigChanged(String section, String path, String changedBy) implements EventPayload {
        public String topic() {
            return Topics.CONFIG;
        }

        public String actorId() {
            return changedBy;
        }
    }

    // ---------------------------------------------------------------- volvox.moderation

    /**
     * ai-service judged a message harmful (spec §2.9); moderation-service carries out {@code actions} through its case
     * flow. The envelope's id is {@code ai-automod:<message id>}, so a redelivered or re-judged message acts once.
     *
     * @param message the judged message as it arrived (author, roles, content)
     * @param categories the triggered categories (score at or over the guild's threshold), empty when the model's
     *        answer could not be read (failing closed)
     * @param scores every category's score, 0 to 1
     * @param actions what to do, in order: flag, delete, warn, timeout, kick, ban
     * @param reason the model's reason (may be empty)
     * @param model the {@code provider:model} that judged
     */
    @JsonTypeName("automod.ai-verdict")
    record AiModerationRequested(Message message, List<String> categories, Map<String, Double> scores,
            List<String> actions, String reason, String model) implements EventPayload {
        public String topic() {
            return Topics.MODERATION;
        }

        public String actorId() {
            return message == null || message.author() == null ? null : message.author().id();
        }
    }
}
