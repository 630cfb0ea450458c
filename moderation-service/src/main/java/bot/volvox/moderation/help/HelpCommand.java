package bot.volvox.moderation.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.aliases.GuildAliases;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.commands.Subcommand;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;

import io.smallrye.mutiny.Uni;

/**
 * {@code /help}: the commands the invoker may run in this guild, generated from the command registry and filtered by
 * the same check every service applies before running a command ({@link CommandAccess}), followed by the guild's
 * aliases of those commands. {@code /reload} is listed for bot owners only, as only they may run it.
 */
@ApplicationScoped
public class HelpCommand implements SlashCommandHandler {
    static final Set<String> BOT_OWNER_ONLY = Set.of("reload");

    @Inject
    GuildAliases aliases;

    /** Read-only. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("help");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        List<SlashCommand> allowed = CommandRegistry.all().stream()
                .filter(command -> context.botOwner() || !BOT_OWNER_ONLY.contains(command.name()))
                .filter(command -> CommandAccess.refusal(context.config(), context.interaction(), context.botOwner(),
                        command.name()).isEmpty())
                .sorted(java.util.Comparator.comparing(SlashCommand::name))
                .toList();
        Set<String> allowedNames = allowed.stream().map(SlashCommand::name).collect(Collectors.toSet());
        return aliases.of(context.guildId()).map(all -> {
            List<String> lines = new ArrayList<>();
            lines.add("**Commands you can use here** (" + allowed.size() + ")");
            allowed.forEach(command -> lines.add(line(command)));
            Map<String, String> usable = all.entrySet().stream().filter(e -> allowedNames.contains(e.getValue()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            java.util.TreeMap::new));
            if (!usable.isEmpty()) {
                lines.add("");
                lines.add("**Aliases**");
                usable.forEach((alias, command) -> lines.add("`/" + alias + "` → `/" + command + "`"));
            }
            return Reply.text(String.join("\n", lines));
        });
    }

    static String line(SlashCommand command) {
        List<String> subcommands = Stream.concat(command.subcommands().stream().map(Subcommand::name),
                command.subcommandGroups().stream().flatMap(group -> group.subcommands().stream()
                        .map(sub -> group.name() + " " + sub.name()))).toList();
        return "`/" + command.name() + "`" + (subcommands.isEmpty() ? "" : " " + String.join(", ", subcommands))
                + " — " + command.description();
    }
}
