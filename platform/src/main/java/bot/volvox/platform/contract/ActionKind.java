package bot.volvox.platform.contract;

/** What a {@link DiscordAction} asks the gateway to do; each kind has one {@link ActionParams} record. */
public enum ActionKind {
    BAN, UNBAN, KICK, TIMEOUT, REMOVE_TIMEOUT, ADD_ROLE, REMOVE_ROLE,
    SEND_MESSAGE, SEND_DM, EDIT_MESSAGE, DELETE_MESSAGE, BULK_DELETE, PURGE,
    EDIT_CHANNEL, SET_SLOWMODE, LOCK_CHANNEL, UNLOCK_CHANNEL,
    ADD_REACTION, REMOVE_REACTION,
    INTERACTION_REPLY, INTERACTION_FOLLOWUP, AUTOCOMPLETE_CHOICES
}
