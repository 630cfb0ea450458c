package bot.volvox.platform.commands;

/** Discord application-command option types (names as JDA's {@code OptionType}). */
public enum OptionType {
    STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT
}
