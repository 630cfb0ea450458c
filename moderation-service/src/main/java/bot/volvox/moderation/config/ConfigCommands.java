package bot.volvox.moderation.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.moderation.commands.CommandContext;
import bot.volvox.moderation.commands.CommandHandler;
import bot.volvox.moderation.discord.ActionPublisher;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;
import io.smallrye.mutiny.Uni;

/**
 * /config view|set|reset on the invoking guild's overrides (behavior.md §6.2), and /modlog view|disable|setup.
 * /modlog setup answers with the /config paths to set: the original's interactive select menus need component
 * interactions this service does not handle yet.
 */
@ApplicationScoped
public class ConfigCommands implements CommandHandler {
    static final List<String> LOG_CATEGORIES = List.of("default", "warns", "bans", "kicks", "timeouts", "purges",
            "locks");

    @Inject
    ConfigWriter writer;

    @Inject
    ActionPublisher actions;

    @Override
    public Set<String> commands() {
        return Set.of("config", "modlog");
    }

    private Uni<Void> reply(CommandContext context, String text) {
        return actions.reply(context.guildId(), context.id(), context.interaction(), text);
    }

    @Override
    public Uni<Void> handle(CommandContext context) {
        String sub = context.command().subcommand() == null ? "" : context.command().subcommand();
        if ("modlog".equals(context.command().commandName())) {
            return switch (sub) {
                case "view" -> reply(context, "**Mod-log channels**\n" + LOG_CATEGORIES.stream()
                        .map(category -> category + ": " + GuildConfigs.at(context.config(),
                                "moderation.logging.channels." + category).map(id -> "<#" + id.asText() + ">")
                                .orElse("not set"))
                        .collect(Collectors.joining("\n")));
                case "disable" -> disableModLog(context);
                default -> reply(context, "Set the channels with `/config set moderation.logging.channels.<"
                        + String.join("|", LOG_CATEGORIES) + "> <channel id>`.");
            };
        }
        return switch (sub) {
            case "view" -> view(context);
            case "set" -> set(context);
            default -> reset(context);
        };
    }

    private Uni<Void> view(CommandContext context) {
        String section = context.string("section").orElse(null);
        JsonNode shown = section == null ? context.config() : context.config().get(section);
        if (shown == null) {
            return reply(context, "❌ Unknown section `" + section + "`.");
        }
        String json = shown.toPrettyString();
        return reply(context, "```json\n" + (json.length() > 3800 ? json.substring(0, 3800) + "\n…" : json) + "\n```");
    }

    private Uni<Void> set(CommandContext context) {
        String path = context.string("path").orElse("");
        String problem = ConfigWriter.pathProblem(path);
        if (problem != null) {
            return reply(context, "❌ Invalid path: " + problem + ".");
        }
        if (!context.config().has(path.split("\\.")[0])) {
            return reply(context, "❌ Unknown section `" + path.split("\\.")[0] + "`.");
        }
        JsonNode value = ConfigWriter.coerce(context.string("value").orElse(""));
        return writer.set(context.guildId(), path, value, context.invokerId())
                .flatMap(ignored -> reply(context, "✅ `" + path + "` set to `" + value + "`."));
    }

    private Uni<Void> reset(CommandContext context) {
        String section = context.string("section").orElse(null);
        return writer.reset(context.guildId(), section, context.invokerId())
                .flatMap(count -> reply(context, "✅ Reset " + (section == null ? "all overrides" : "`" + section + "`")
                        + " to the defaults."));
    }

    private Uni<Void> disableModLog(CommandContext context) {
        Uni<JsonNode> chain = Uni.createFrom().item(VolvoxJson.MAPPER.nullNode());
        for (String category : LOG_CATEGORIES) {
            chain = chain.flatMap(ignored -> writer.set(context.guildId(), "moderation.logging.channels." + category,
                    VolvoxJson.MAPPER.nullNode(), context.invokerId()));
        }
        return chain.flatMap(ignored -> reply(context, "✅ Moderation logging disabled."));
    }
}
