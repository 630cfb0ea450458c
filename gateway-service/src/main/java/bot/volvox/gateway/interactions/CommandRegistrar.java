package bot.volvox.gateway.interactions;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import bot.volvox.gateway.events.MemberDirectory;
import bot.volvox.platform.commands.CommandOption;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.commands.Subcommand;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;

/**
 * Registers every command of the platform's {@link CommandRegistry} with Discord (one bulk overwrite of the global
 * commands, so removed commands disappear too). Only the session of shard 0 does it: commands belong to the
 * application, not to a shard, and one replica owns shard 0.
 */
@Singleton
public class CommandRegistrar extends ListenerAdapter {
    private static final Logger LOG = Logger.getLogger(CommandRegistrar.class);

    @Inject
    MemberDirectory members;

    @Override
    public void onReady(ReadyEvent event) {
        if (event.getJDA().getShardInfo().getShardId() != 0) {
            return;
        }
        List<SlashCommandData> commands = CommandRegistry.all().stream().map(CommandRegistrar::toJda).toList();
        event.getJDA().updateCommands().addCommands(commands).queue(
                registered -> LOG.infof("Registered %d slash commands", registered.size()),
                error -> LOG.errorf("Slash command registration failed: %s", error.getMessage()));
    }

    @Override
    public void onGuildReady(GuildReadyEvent event) {
        members.rememberRoles(event.getGuild());
    }

    static SlashCommandData toJda(SlashCommand command) {
        return toJda(command, command.name());
    }

    /**
     * {@code command} as Discord registers it, under {@code name}: a guild's alias is the command's own definition
     * under another name ({@code /alias add}).
     */
    public static SlashCommandData toJda(SlashCommand command, String name) {
        SlashCommandData data = Commands.slash(name, command.description())
                .setContexts(InteractionContextType.GUILD);
        data.addOptions(command.options().stream().map(CommandRegistrar::option).toList());
        data.addSubcommands(command.subcommands().stream().map(CommandRegistrar::subcommand).toList());
        data.addSubcommandGroups(command.subcommandGroups().stream()
                .map(group -> new SubcommandGroupData(group.name(), group.description())
                        .addSubcommands(group.subcommands().stream().map(CommandRegistrar::subcommand).toList()))
                .toList());
        return data;
    }

    private static SubcommandData subcommand(Subcommand subcommand) {
        return new SubcommandData(subcommand.name(), subcommand.description())
                .addOptions(subcommand.options().stream().map(CommandRegistrar::option).toList());
    }

    private static OptionData option(CommandOption option) {
        OptionType type = OptionType.valueOf(option.type().name());
        var data = new OptionData(type, option.name(), option.description(), option.required(),
                option.autocomplete());
        for (CommandOption.Choice choice : option.choices()) {
            if (type == OptionType.INTEGER) {
                data.addChoice(choice.name(), Long.parseLong(choice.value()));
            } else {
                data.addChoice(choice.name(), choice.value());
            }
        }
        if (option.min() != null) {
            if (type == OptionType.NUMBER) {
                data.setMinValue(option.min().doubleValue());
            } else {
                data.setMinValue(option.min().longValue());
            }
        }
        if (option.max() != null) {
            if (type == OptionType.NUMBER) {
                data.setMaxValue(option.max().doubleValue());
            } else {
                data.setMaxValue(option.max().longValue());
            }
        }
        if (option.maxLength() != null) {
            data.setMaxLength(option.maxLength());
        }
        if (!option.channelTypes().isEmpty()) {
            data.setChannelTypes(option.channelTypes().stream().map(ChannelType::valueOf).toList());
        }
        return data;
    }
}
