package bot.volvox.moderation.aliases;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;

import io.smallrye.mutiny.Uni;

/**
 * {@code /alias add|remove|list}: another name for a command in this guild. The alias is stored in
 * {@code guild_command_aliases} and registered with Discord as a guild command with the target's options
 * ({@code REGISTER_ALIAS}); the gateway runs it as the target, so the target's access rules and owner apply.
 * The original stored aliases but never resolved them.
 */
@ApplicationScoped
public class AliasCommand implements SlashCommandHandler {
    /** Discord's rule for a command name, lowercase as the gateway matches it. */
    static final Pattern NAME = Pattern.compile("^[a-z0-9_-]{1,32}$");
    /** Discord allows 100 guild commands per application; aliases are the only ones the bot registers. */
    static final int MAX_PER_GUILD = 25;
    /** Commands that cannot get an alias: the alias command itself. */
    static final Set<String> NOT_ALIASABLE = Set.of("alias");

    @Inject
    GuildAliases aliases;

    @Inject
    ActionPublisher actions;

    @Override
    public Set<String> commands() {
        return Set.of("alias");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        return switch (context.subcommand()) {
            case "add" -> add(context);
            case "remove" -> remove(context);
            default -> list(context);
        };
    }

    private Uni<Reply> add(CommandContext context) {
        String alias = context.string("alias").orElse("").toLowerCase(java.util.Locale.ROOT);
        String command = context.string("command").orElse("").toLowerCase(java.util.Locale.ROOT).replaceFirst("^/", "");
        if (!NAME.matcher(alias).matches()) {
            return error("An alias is 1 to 32 lowercase letters, digits, `-` or `_`.");
        }
        if (CommandRegistry.find(alias).isPresent()) {
            return error("`/" + alias + "` is already a command of this bot.");
        }
        if (CommandRegistry.find(command).isEmpty() || NOT_ALIASABLE.contains(command)) {
            return error("`/" + command + "` is not a command an alias can run.");
        }
        return aliases.of(context.guildId()).flatMap(existing -> {
            if (!existing.containsKey(alias) && existing.size() >= MAX_PER_GUILD) {
                return error("This server has " + MAX_PER_GUILD + " aliases already; remove one first.");
            }
            return aliases.put(context.guildId(), alias, command, context.invokerId())
                    .map(done -> Reply.text("✅ `/" + alias + "` now runs `/" + command
                            + "` in this server (Discord lists it in a moment).", List.of(actions.request(
                                    context.guildId(), context.id(), "alias", "/alias add by " + context.invokerTag(),
                                    new ActionParams.RegisterAlias(alias, command)))));
        });
    }

    private Uni<Reply> remove(CommandContext context) {
        String alias = context.string("alias").orElse("").toLowerCase(java.util.Locale.ROOT).replaceFirst("^/", "");
        return aliases.remove(context.guildId(), alias).map(removed -> removed
                .map(command -> Reply.text("✅ `/" + alias + "` (which ran `/" + command + "`) is removed.",
                        List.of(actions.request(context.guildId(), context.id(), "alias",
                                "/alias remove by " + context.invokerTag(), new ActionParams.UnregisterAlias(alias)))))
                .orElseGet(() -> Reply.error("This server has no alias `/" + alias + "`.")));
    }

    private Uni<Reply> list(CommandContext context) {
        return aliases.of(context.guildId()).map(all -> all.isEmpty()
                ? Reply.text("This server has no aliases. Add one with `/alias add`.")
                : Reply.text("**Aliases in this server**\n" + lines(all)));
    }

    static String lines(Map<String, String> aliases) {
        return aliases.entrySet().stream().map(e -> "`/" + e.getKey() + "` → `/" + e.getValue() + "`")
                .collect(Collectors.joining("\n"));
    }

    private static Uni<Reply> error(String text) {
        return Uni.createFrom().item(Reply.error(text));
    }
}
