package bot.volvox.moderation.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.ActionParams.SelectOption;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.kafka.VolvoxJson;

import io.smallrye.mutiny.Uni;

/**
 * /config view|set|reset on the invoking guild's overrides, and /modlog view|disable|setup
 * (setup's select menus: {@link ModLogSetup}).
 */
@ApplicationScoped
public class ConfigCommands implements SlashCommandHandler {
    static final List<String> LOG_CATEGORIES = ModLogSetup.CATEGORIES.stream().map(SelectOption::value).toList();

    @Inject
    ConfigWriter writer;

    @Inject
    ModLogSetup modLogSetup;

    @Inject
    GuildConfigs configs;

    /** {@code /config view} and {@code /modlog view} only read the configuration. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return "view".equals(command.subcommand());
    }

    @Override
    public Set<String> commands() {
        return Set.of("config", "modlog");
    }

    private static Uni<Reply> reply(String text) {
        return Uni.createFrom().item(Reply.text(text));
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        String sub = context.command().subcommand() == null ? "" : context.command().subcommand();
        if ("modlog".equals(context.command().commandName())) {
            return switch (sub) {
                case "view" -> reply("**Mod-log channels**\n" + LOG_CATEGORIES.stream()
                        .map(category -> category + ": " + Optional.ofNullable(
                                context.config().moderation().logging().channels().get(category))
                                .map(id -> "<#" + id + ">").orElse("not set"))
                        .collect(Collectors.joining("\n")));
                case "disable" -> disableModLog(context);
                default -> Uni.createFrom().item(modLogSetup.start(context));
            };
        }
        return switch (sub) {
            case "view" -> view(context);
            case "set" -> set(context);
            default -> reset(context);
        };
    }

    private Uni<Reply> view(CommandContext context) {
        String section = context.string("section").orElse(null);
        return configs.effective(context.guildId()).map(ConfigPatch::readable).map(config -> {
            if (section != null && config.get(section) == null) {
                return Reply.error("Section `" + section.replace("`", "\\`") + "` not found in config.");
            }
            return Reply.embed(section == null ? ConfigView.all(config) : ConfigView.section(section,
                    config.get(section)));
        });
    }

    private Uni<Reply> set(CommandContext context) {
        String path = context.string("path").orElse("");
        String problem = ConfigWriter.pathProblem(path);
        if (problem != null) {
            return reply("❌ Invalid path: " + problem + ".");
        }
        JsonNode value = ConfigWriter.coerce(context.string("value").orElse(""));
        return writer.set(context.guildId(), path, value, context.invokerId())
                .map(ignored -> Reply.text("✅ `" + path + "` set to `" + value + "`."))
                .onFailure(InvalidConfigException.class)
                .recoverWithItem(failure -> Reply.error("Invalid value: `" + ((InvalidConfigException) failure).first()
                        .path() + "` " + ((InvalidConfigException) failure).first().message() + "."));
    }

    private Uni<Reply> reset(CommandContext context) {
        String section = context.string("section").orElse(null);
        return writer.reset(context.guildId(), section, context.invokerId())
                .flatMap(count -> reply("✅ Reset " + (section == null ? "all overrides" : "`" + section + "`")
                        + " to the defaults."));
    }

    private Uni<Reply> disableModLog(CommandContext context) {
        Map<String, JsonNode> cleared = new LinkedHashMap<>();
        LOG_CATEGORIES.forEach(category -> cleared.put("moderation.logging.channels." + category,
                VolvoxJson.MAPPER.nullNode()));
        return writer.setAll(context.guildId(), cleared, context.invokerId(), connection -> Uni.createFrom().voidItem())
                .flatMap(ignored -> reply("✅ Moderation logging disabled."));
    }
}
