package bot.volvox.moderation.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.commands.ComponentPrefix;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionParams.SelectMenu;
import bot.volvox.platform.contract.ActionParams.SelectMenuType;
import bot.volvox.platform.contract.ActionParams.SelectOption;
import bot.volvox.platform.interactions.ComponentContext;
import bot.volvox.platform.interactions.ComponentHandler;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.kafka.VolvoxJson;
import io.smallrye.mutiny.Uni;

/**
 * {@code /modlog setup}: an ephemeral menu of log categories; choosing one answers with a channel
 * menu for it; choosing a channel writes {@code moderation.logging.channels.<category>} through {@link ConfigWriter}.
 * Only the invoker may use the menus, for 5 minutes. Both facts travel in the custom ids
 * ({@code modlog:category:<invoker>:<started>}, {@code modlog:channel:<category>:<invoker>:<started>}, started in epoch
 * seconds of the /modlog interaction), so no state is kept between the steps and a redelivered selection answers the
 * same (answers are keyed on the selection's interaction id, and the write sets the same value).
 */
@ApplicationScoped
public class ModLogSetup implements ComponentHandler {
    public static final String PREFIX = ComponentPrefix.MOD_LOG_SETUP.prefix();
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final List<SelectOption> CATEGORIES = List.of(
            new SelectOption("Default", "default", "every case without a channel of its own"),
            new SelectOption("Warns", "warns", "warn"),
            new SelectOption("Bans", "bans", "ban, tempban, unban, softban"),
            new SelectOption("Kicks", "kicks", "kick"),
            new SelectOption("Timeouts", "timeouts", "timeout, untimeout"),
            new SelectOption("Purges", "purges", "purge"),
            new SelectOption("Locks", "locks", "lock, unlock, slowmode"));

    @Inject
    ConfigWriter writer;

    @Override
    public String customIdPrefix() {
        return PREFIX;
    }

    /** Answers /modlog setup with the category menu. */
    public Reply start(CommandContext context) {
        String customId = PREFIX + "category:" + context.invokerId() + ":"
                + context.event().occurredAt().getEpochSecond();
        return Reply.body(new MessageBody(
                "**Mod-log setup** — choose a log category, then its channel (these menus work for 5 minutes).",
                List.of(), List.of(), List.of(new SelectMenu(customId, SelectMenuType.STRING, "Log category",
                        CATEGORIES))));
    }

    /** A choice in one of the menus. */
    @Override
    public Uni<Reply> handle(ComponentContext select) {
        String[] parts = select.customIdAfter(PREFIX).split(":");
        boolean categoryMenu = parts.length == 3 && "category".equals(parts[0]);
        boolean channelMenu = parts.length == 4 && "channel".equals(parts[0]);
        if (!categoryMenu && !channelMenu || select.guildId() == null) {
            return answer("❌ Unknown mod-log menu.");
        }
        String invoker = parts[parts.length - 2];
        Instant started;
        try {
            started = Instant.ofEpochSecond(Long.parseLong(parts[parts.length - 1]));
        } catch (NumberFormatException e) {
            return answer("❌ Unknown mod-log menu.");
        }
        if (!invoker.equals(select.userId())) {
            return answer("❌ Only the moderator who ran `/modlog setup` can use this menu.");
        }
        if (select.event().occurredAt().isAfter(started.plus(LIFETIME))) {
            return answer("⌛ This setup expired. Run `/modlog setup` again.");
        }
        String choice = select.firstValue();
        if (categoryMenu) {
            if (CATEGORIES.stream().noneMatch(option -> option.value().equals(choice))) {
                return answer("❌ Unknown log category `" + choice + "`.");
            }
            String customId = PREFIX + "channel:" + choice + ":" + invoker + ":" + started.getEpochSecond();
            return Uni.createFrom().item(Reply.body(new MessageBody(
                    "Choose the channel for **" + label(choice) + "** logs.", List.of(), List.of(),
                    List.of(new SelectMenu(customId, SelectMenuType.CHANNEL, label(choice) + " log channel",
                            List.of())))));
        }
        String category = parts[1];
        if (CATEGORIES.stream().noneMatch(option -> option.value().equals(category)) || !choice.matches("\\d{17,20}")) {
            return answer("❌ Unknown mod-log menu.");
        }
        return writer.set(select.guildId(), "moderation.logging.channels." + category,
                VolvoxJson.MAPPER.getNodeFactory().textNode(choice), invoker)
                .replaceWith(Reply.text("✅ **" + label(category) + "** logs now go to <#" + choice
                        + ">. Choose another category above to continue."));
    }

    private static String label(String category) {
        return category.substring(0, 1).toUpperCase(Locale.ROOT) + category.substring(1);
    }

    private static Uni<Reply> answer(String text) {
        return Uni.createFrom().item(Reply.text(text));
    }
}
