package bot.volvox.platform.interactions;

import java.util.Optional;

import bot.volvox.platform.actions.ReplyTarget;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.contract.EventPayload.SlashCommand;
import bot.volvox.platform.guildconfig.GuildConfig;

/**
 * One slash command being handled, after the router checked that it runs in a guild and that the invoker may use it:
 * the event, the guild's settings ({@link GuildConfig}), and typed option accessors.
 *
 * @param botOwner whether the invoker is one of the bot's owners ({@code BOT_OWNER_IDS})
 */
public record CommandContext(DiscordEvent event, SlashCommand command, GuildConfig config, boolean botOwner) {

    /** The interaction id: the command's operation id and the source of its action ids. */
    public String id() {
        return event.id();
    }

    public String guildId() {
        return event.guildId();
    }

    public String name() {
        return command.commandName();
    }

    /** The subcommand's name, or an empty string. */
    public String subcommand() {
        return command.subcommand() == null ? "" : command.subcommand();
    }

    public Interaction interaction() {
        return command.interaction();
    }

    public Author invoker() {
        return interaction().user();
    }

    public String invokerId() {
        return invoker().id();
    }

    public String invokerTag() {
        return Tags.of(invoker());
    }

    public ReplyTarget replyTarget() {
        return ReplyTarget.forCommand(command);
    }

    /** The raw value of option {@code name} as Discord sent it (null when absent), untrimmed. */
    public String raw(String name) {
        CommandOptionValue option = option(name);
        return option == null ? null : option.value();
    }

    /** A non-blank option value, trimmed. */
    public Optional<String> string(String name) {
        String value = raw(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** An integer option; empty when absent or not a number. */
    public Optional<Long> integer(String name) {
        return string(name).flatMap(value -> {
            try {
                return Optional.of(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public Optional<Boolean> bool(String name) {
        return string(name).map(Boolean::parseBoolean);
    }

    /** The option as Discord resolved it (user, role, channel, attachment), or null. */
    public CommandOptionValue option(String name) {
        return command.options() == null ? null : command.option(name);
    }

    /** A USER option as Discord resolved it (member fields null for non-members). */
    public Optional<ResolvedUser> user(String name) {
        CommandOptionValue option = option(name);
        if (option == null) {
            return Optional.empty();
        }
        if (option.user() != null) {
            return Optional.of(option.user());
        }
        return option.value() == null ? Optional.empty()
                : Optional.of(new ResolvedUser(new Author(option.value(), null, null, false, false), null, null, null,
                        null));
    }

    /** A CHANNEL option's id, else the channel the command was used in. */
    public String channelId(String name) {
        CommandOptionValue option = option(name);
        if (option != null && option.channel() != null) {
            return option.channel().id();
        }
        return option != null && option.value() != null ? option.value() : interaction().channelId();
    }

    /** A CHANNEL option as {@code #name}, falling back to its id. */
    public String channelTag(String name) {
        CommandOptionValue option = option(name);
        if (option != null && option.channel() != null && option.channel().name() != null) {
            return "#" + option.channel().name();
        }
        return "#" + channelId(name);
    }
}
