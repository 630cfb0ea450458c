package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Typed parameters of each {@link ActionKind}. The JSON carries the kind in {@code kind}, which selects the record on
 * reading. Message content may be any length: the gateway splits it into chunks of at most 2000 characters and never
 * lets it ping @everyone, @here or roles.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ActionParams.Ban.class, name = "BAN"),
        @JsonSubTypes.Type(value = ActionParams.Unban.class, name = "UNBAN"),
        @JsonSubTypes.Type(value = ActionParams.Kick.class, name = "KICK"),
        @JsonSubTypes.Type(value = ActionParams.Timeout.class, name = "TIMEOUT"),
        @JsonSubTypes.Type(value = ActionParams.RemoveTimeout.class, name = "REMOVE_TIMEOUT"),
        @JsonSubTypes.Type(value = ActionParams.AddRole.class, name = "ADD_ROLE"),
        @JsonSubTypes.Type(value = ActionParams.RemoveRole.class, name = "REMOVE_ROLE"),
        @JsonSubTypes.Type(value = ActionParams.AffixNickname.class, name = "AFFIX_NICKNAME"),
        @JsonSubTypes.Type(value = ActionParams.SendMessage.class, name = "SEND_MESSAGE"),
        @JsonSubTypes.Type(value = ActionParams.SendDm.class, name = "SEND_DM"),
        @JsonSubTypes.Type(value = ActionParams.EditMessage.class, name = "EDIT_MESSAGE"),
        @JsonSubTypes.Type(value = ActionParams.DeleteMessage.class, name = "DELETE_MESSAGE"),
        @JsonSubTypes.Type(value = ActionParams.BulkDelete.class, name = "BULK_DELETE"),
        @JsonSubTypes.Type(value = ActionParams.Purge.class, name = "PURGE"),
        @JsonSubTypes.Type(value = ActionParams.EditChannel.class, name = "EDIT_CHANNEL"),
        @JsonSubTypes.Type(value = ActionParams.SetSlowmode.class, name = "SET_SLOWMODE"),
        @JsonSubTypes.Type(value = ActionParams.LockChannel.class, name = "LOCK_CHANNEL"),
        @JsonSubTypes.Type(value = ActionParams.UnlockChannel.class, name = "UNLOCK_CHANNEL"),
        @JsonSubTypes.Type(value = ActionParams.AddReaction.class, name = "ADD_REACTION"),
        @JsonSubTypes.Type(value = ActionParams.RemoveReaction.class, name = "REMOVE_REACTION"),
        @JsonSubTypes.Type(value = ActionParams.InteractionReply.class, name = "INTERACTION_REPLY"),
        @JsonSubTypes.Type(value = ActionParams.InteractionFollowup.class, name = "INTERACTION_FOLLOWUP"),
        @JsonSubTypes.Type(value = ActionParams.AutocompleteChoices.class, name = "AUTOCOMPLETE_CHOICES"),
        @JsonSubTypes.Type(value = ActionParams.RegisterAlias.class, name = "REGISTER_ALIAS"),
        @JsonSubTypes.Type(value = ActionParams.UnregisterAlias.class, name = "UNREGISTER_ALIAS"),
})
public sealed interface ActionParams {

    @JsonIgnore
    ActionKind kind();

    /** The user the action is about, if any (keys direct messages). */
    @JsonIgnore
    default String userIdOrNull() {
        return null;
    }

    // ---------------------------------------------------------------- shared message parts

    record EmbedField(String name, String value, boolean inline) {
    }

    /** A Discord embed; {@code color} is 0xRRGGBB. */
    record Embed(String title, String description, Integer color, List<EmbedField> fields, String footer,
            Instant timestamp, String url) {
    }

    enum ButtonStyle { PRIMARY, SECONDARY, SUCCESS, DANGER }

    record Button(String customId, String label, ButtonStyle style) {
    }

    /**
     * Content (any length), embeds (≤ 10), one row of buttons (≤ 5) and select menus (each on its own row; with the
     * buttons at most 5 rows), all optional but not all empty.
     */
    record MessageBody(String content, List<Embed> embeds, List<Button> buttons, List<SelectMenu> selectMenus,
            List<Attachment> attachments) {
        /**
         * The most file bytes one body may carry: base64 makes them a third larger, and the whole action record must
         * stay under Kafka's default 1 MiB record size.
         */
        public static final int MAX_ATTACHMENT_BYTES = 700 * 1024;

        public MessageBody {
            if (attachments != null) {
                long bytes = 0;
                for (Attachment attachment : attachments) {
                    bytes += attachment.size();
                }
                if (bytes > MAX_ATTACHMENT_BYTES) {
                    throw new IllegalArgumentException("attachments of " + bytes + " bytes exceed "
                            + MAX_ATTACHMENT_BYTES + " bytes (the action record must fit in a Kafka record)");
                }
            }
        }

        /** A body without files (absent from its JSON). */
        public MessageBody(String content, List<Embed> embeds, List<Button> buttons, List<SelectMenu> selectMenus) {
            this(content, embeds, buttons, selectMenus, null);
        }

        /** A body without select menus or files (absent from its JSON). */
        public MessageBody(String content, List<Embed> embeds, List<Button> buttons) {
            this(content, embeds, buttons, null, null);
        }

        public static MessageBody withFile(String content, String fileName, byte[] bytes) {
            return new MessageBody(content, List.of(), List.of(), null, List.of(Attachment.of(fileName, bytes)));
        }

        public static MessageBody text(String content) {
            return new MessageBody(content, List.of(), List.of());
        }
    }

    /** A file sent with the message: its name as Discord shows it and its bytes, base64 in the JSON. */
    record Attachment(String name, String base64) {
        public Attachment {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(base64, "base64");
        }

        public static Attachment of(String name, byte[] bytes) {
            return new Attachment(name, java.util.Base64.getEncoder().encodeToString(bytes));
        }

        public byte[] bytes() {
            return java.util.Base64.getDecoder().decode(base64);
        }

        /** The decoded size, without decoding. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public long size() {
            int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
            return base64.length() / 4L * 3 - padding;
        }
    }

    enum SelectMenuType { STRING, CHANNEL }

    /**
     * A select menu; its choice arrives as {@code interaction.select} with the chosen values (option values, or channel
     * ids for a {@code CHANNEL} menu, which Discord fills with the guild's text channels).
     *
     * @param options the choices of a {@code STRING} menu (≤ 25); empty for {@code CHANNEL}
     */
    record SelectMenu(String customId, SelectMenuType type, String placeholder, List<SelectOption> options) {
    }

    record SelectOption(String label, String value, String description) {
    }

    // ---------------------------------------------------------------- members

    /** @param deleteMessageSeconds history to delete, 0 – 604800 (7 days) */
    record Ban(String userId, int deleteMessageSeconds) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.BAN;
        }
    }

    record Unban(String userId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.UNBAN;
        }
    }

    record Kick(String userId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.KICK;
        }
    }

    /** @param until when the timeout ends; at most 28 days ahead */
    record Timeout(String userId, Instant until) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.TIMEOUT;
        }
    }

    record RemoveTimeout(String userId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.REMOVE_TIMEOUT;
        }
    }

    record AddRole(String userId, String roleId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.ADD_ROLE;
        }
    }

    record RemoveRole(String userId, String roleId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.REMOVE_ROLE;
        }
    }

    /**
     * Puts {@code prefix} before and/or {@code suffix} after the member's current display name (either may be null),
     * unless the name already starts/ends with it; the gateway reads the name when it runs the action (a level-up's
     * nickPrefix/nickSuffix). Nicknames are at most 32 characters: the name between them is shortened.
     */
    record AffixNickname(String userId, String prefix, String suffix) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.AFFIX_NICKNAME;
        }
    }

    // ---------------------------------------------------------------- messages

    /** @param replyToMessageId answer as a reply to this message (no ping of its author); null for none */
    record SendMessage(String channelId, MessageBody body, String replyToMessageId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.SEND_MESSAGE;
        }
    }

    record SendDm(String userId, MessageBody body) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.SEND_DM;
        }

        @Override
        public String userIdOrNull() {
            return userId;
        }
    }

    /** Replaces the content/embeds of a message the bot sent (content ≤ 2000 characters: an edit cannot split). */
    record EditMessage(String channelId, String messageId, MessageBody body) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.EDIT_MESSAGE;
        }
    }

    record DeleteMessage(String channelId, String messageId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.DELETE_MESSAGE;
        }
    }

    /** 2 – 100 messages younger than 14 days (Discord's rule for bulk deletion). */
    record BulkDelete(String channelId, List<String> messageIds) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.BULK_DELETE;
        }
    }

    /**
     * Deletes recent messages of a channel (/purge): the gateway fetches the newest {@code limit} messages, keeps
     * those matching {@code filter}, skips the ones older than 14 days (Discord refuses them in a bulk delete) and
     * deletes the rest (one message singly, more in one bulk delete). The result reports the counts in
     * {@link ActionResult#purged()}.
     *
     * @param limit how many of the newest messages to scan, 1 – 100
     * @param filter {@code all}, {@code user:<userId>}, {@code bot}, {@code contains:<text>} (case-insensitive),
     *               {@code links} ({@code https?://\S+}) or {@code attachments}
     */
    record Purge(String channelId, int limit, String filter) implements ActionParams {
        public static final int MAX_LIMIT = 100;
        public static final String ALL = "all";
        public static final String BOT = "bot";
        public static final String LINKS = "links";
        public static final String ATTACHMENTS = "attachments";
        public static final String USER_PREFIX = "user:";
        public static final String CONTAINS_PREFIX = "contains:";

        public ActionKind kind() {
            return ActionKind.PURGE;
        }
    }

    // ---------------------------------------------------------------- channels

    /** Null fields stay unchanged. */
    record EditChannel(String channelId, String name, String topic, Boolean nsfw) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.EDIT_CHANNEL;
        }
    }

    /** @param seconds 0 (off) – 21600 (6 h) */
    record SetSlowmode(String channelId, int seconds) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.SET_SLOWMODE;
        }
    }

    /** Denies SEND_MESSAGES to @everyone in the channel (a permission overwrite). */
    record LockChannel(String channelId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.LOCK_CHANNEL;
        }
    }

    /** Resets @everyone's SEND_MESSAGES in the channel to inherit. */
    record UnlockChannel(String channelId) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.UNLOCK_CHANNEL;
        }
    }

    // ---------------------------------------------------------------- reactions

    /** @param emoji a unicode emoji, or a custom one as {@code name:id} */
    record AddReaction(String channelId, String messageId, String emoji) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.ADD_REACTION;
        }
    }

    /** Removes the bot's own reaction. */
    record RemoveReaction(String channelId, String messageId, String emoji) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.REMOVE_REACTION;
        }
    }

    // ---------------------------------------------------------------- interactions

    /**
     * Replaces the gateway's deferred "thinking…" response of an interaction (its visibility was fixed when it was
     * deferred). Content over 2000 characters continues in follow-ups.
     */
    record InteractionReply(String applicationId, String interactionToken, MessageBody body)
            implements ActionParams {
        public ActionKind kind() {
            return ActionKind.INTERACTION_REPLY;
        }
    }

    /**
     * An additional message on an interaction, within 15 minutes of it.
     *
     * @param userId who invoked the interaction: a DM interaction's answers are keyed by it, so each user's answers
     *        stay in order and spread over the partitions (null in records written before it existed)
     * @param replacesDeferral the answer to a deferred reply ("thinking…"): its first message edits the deferred
     *        message ({@code PATCH @original}, which Discord shows exactly like a first follow-up, with the deferral's
     *        visibility) instead of posting one, so repeating it cannot post the answer twice. False in records
     *        written before it existed, and for answers to components, whose original is the clicked message
     */
    record InteractionFollowup(String applicationId, String interactionToken, MessageBody body, boolean ephemeral,
            String userId, boolean replacesDeferral) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.INTERACTION_FOLLOWUP;
        }

        @Override
        public String userIdOrNull() {
            return userId;
        }
    }

    record Choice(String name, String value) {
    }

    /** Answers an autocomplete interaction (≤ 25 choices) if it is still open on this gateway. */
    record AutocompleteChoices(String interactionId, List<Choice> choices) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.AUTOCOMPLETE_CHOICES;
        }
    }

    // ---------------------------------------------------------------- guild commands

    /**
     * Registers (or updates) a guild command named {@code alias} with the options of the registry's
     * {@code targetCommand}, so Discord offers it in that guild; the gateway runs it as the target. The result's
     * {@code createdIds} holds Discord's id of the guild command.
     */
    record RegisterAlias(String alias, String targetCommand) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.REGISTER_ALIAS;
        }
    }

    /** Removes the guild command named {@code alias}; one that Discord no longer has is already removed. */
    record UnregisterAlias(String alias) implements ActionParams {
        public ActionKind kind() {
            return ActionKind.UNREGISTER_ALIAS;
        }
    }
}
