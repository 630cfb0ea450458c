package bot.volvox.moderation.commands;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.moderation.discord.ActionPublisher.ReplyTarget;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.contract.EventPayload.SlashCommand;

/**
 * One slash command being handled: the event, the guild's effective configuration, and option accessors.
 *
 * @param id the interaction id: the command's operation id and the source of its action ids
 */
public record CommandContext(DiscordEvent event, SlashCommand command, JsonNode config, boolean botOwner) {

    public String id() {
        return event.id();
    }

    public String guildId() {
        return event.guildId();
    }

    public Interaction interaction() {
        return command.interaction();
    }

    public String invokerId() {
        return interaction().user().id();
    }

    public String invokerTag() {
        return Tags.of(interaction().user());
    }

    public ReplyTarget replyTarget() {
        return ReplyTarget.of(interaction());
    }

    public Optional<String> string(String name) {
        CommandOptionValue option = command.option(name);
        return option == null || option.value() == null || option.value().isBlank() ? Optional.empty()
                : Optional.of(option.value().trim());
    }

    public Optional<Long> integer(String name) {
        return string(name).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    public Optional<Boolean> bool(String name) {
        return string(name).map(Boolean::parseBoolean);
    }

    /** A USER option as Discord resolved it (member fields null for non-members). */
    public Optional<ResolvedUser> user(String name) {
        CommandOptionValue option = command.option(name);
        if (option == null) {
            return Optional.empty();
        }
        if (option.user() != null) {
            return Optional.of(option.user());
        }
        return option.value() == null ? Optional.empty()
                : Optional.of(new ResolvedUser(new bot.volvox.platform.contract.EventPayload.Author(option.value(),
                        null, null, false, false), null, null, null, null));
    }

    /** A CHANNEL option's id and name, else the channel the command was used in (name unknown). */
    public String channelId(String name) {
        CommandOptionValue option = command.option(name);
        if (option != null && option.channel() != null) {
            return option.channel().id();
        }
        return option != null && option.value() != null ? option.value() : interaction().channelId();
    }

    public String channelTag(String name) {
        CommandOptionValue option = command.option(name);
        if (option != null && option.channel() != null && option.channel().name() != null) {
            return "#" + option.channel().name();
        }
        return "#" + channelId(name);
    }
}
