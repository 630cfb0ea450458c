package bot.volvox.moderation.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedChannel;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.contract.EventPayload.SlashCommand;

/** Builds events as the gateway publishes them. */
public final class Events {
    public static final String APPLICATION_ID = "900000000000000001";
    public static final String ADMINISTRATOR = "8";
    public static final String NO_PERMISSIONS = "0";
    /** Above every invoker built here, so unless a test says otherwise only the invoker's hierarchy decides. */
    public static final int BOT_TOP_ROLE_POSITION = 11;
    private static final AtomicLong IDS = new AtomicLong(1_200_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L * 1000);

    public static String snowflake() {
        return Long.toString(IDS.incrementAndGet());
    }

    public static String guild() {
        return snowflake();
    }

    /** An invoker with the given permission bits, roles and top role position. */
    public record Invoker(String id, String permissions, List<String> roleIds, int topRolePosition) {
        public static Invoker admin() {
            return new Invoker(snowflake(), ADMINISTRATOR, List.of(), 10);
        }

        public static Invoker plain() {
            return new Invoker(snowflake(), NO_PERMISSIONS, List.of(), 1);
        }
    }

    public static CommandOptionValue member(String name, String userId, int topRolePosition, List<String> roleIds) {
        return new CommandOptionValue(name, "USER", userId,
                new ResolvedUser(new Author(userId, "user" + userId.substring(userId.length() - 4), null, false, false),
                        null, roleIds, topRolePosition, "0"), null, null, null);
    }

    public static CommandOptionValue member(String name, String userId) {
        return member(name, userId, 1, List.of());
    }

    public static CommandOptionValue nonMember(String name, String userId) {
        return new CommandOptionValue(name, "USER", userId,
                new ResolvedUser(new Author(userId, "user" + userId.substring(userId.length() - 4), null, false, false),
                        null, null, null, null), null, null, null);
    }

    public static CommandOptionValue string(String name, String value) {
        return new CommandOptionValue(name, "STRING", value, null, null, null, null);
    }

    public static CommandOptionValue integer(String name, long value) {
        return new CommandOptionValue(name, "INTEGER", Long.toString(value), null, null, null, null);
    }

    public static CommandOptionValue bool(String name, boolean value) {
        return new CommandOptionValue(name, "BOOLEAN", Boolean.toString(value), null, null, null, null);
    }

    public static CommandOptionValue channel(String name, String id, String channelName) {
        return new CommandOptionValue(name, "CHANNEL", id, null, null, new ResolvedChannel(id, channelName, "TEXT"),
                null);
    }

    public static DiscordEvent slash(String guildId, Invoker invoker, String command, String subcommand,
            CommandOptionValue... options) {
        return slash(guildId, invoker, BOT_TOP_ROLE_POSITION, command, subcommand, options);
    }

    /** A slash command in a guild where the bot's own highest role sits at {@code botTopRolePosition}. */
    public static DiscordEvent slash(String guildId, Invoker invoker, int botTopRolePosition, String command,
            String subcommand, CommandOptionValue... options) {
        String id = snowflake();
        Interaction interaction = interaction(id, invoker, botTopRolePosition, true);
        return DiscordEvent.of(id, Instant.now(), guildId,
                new SlashCommand(interaction, command, null, subcommand, new ArrayList<>(List.of(options))));
    }

    /** A choice in a select menu the bot posted (the gateway defers it as an update of that message). */
    public static DiscordEvent select(String guildId, Invoker invoker, Instant at, String customId, String... values) {
        String id = snowflake();
        Interaction interaction = interaction(id, invoker, BOT_TOP_ROLE_POSITION, false);
        return DiscordEvent.of(id, at, guildId, new EventPayload.SelectMenuChosen(interaction, customId, snowflake(),
                List.of(values)));
    }

    private static Interaction interaction(String id, Invoker invoker, int botTopRolePosition, boolean ephemeral) {
        return new Interaction(id, APPLICATION_ID, "token-" + id, "700000000000000001",
                new Author(invoker.id(), "mod" + invoker.id().substring(invoker.id().length() - 4), null, false, false),
                invoker.permissions(), invoker.roleIds(), invoker.topRolePosition(), botTopRolePosition, false,
                "en-US", "en-US", true, ephemeral);
    }

    public static DiscordEvent message(String guildId, String channelId, String authorId, String content,
            List<String> mentions, List<String> roles) {
        String id = snowflake();
        EventPayload.Message message = new EventPayload.Message(channelId, id,
                new Author(authorId, "user" + authorId.substring(authorId.length() - 4), null, false, false), content,
                List.of(), mentions, List.of(), false, null, null, roles, Instant.now(), null);
        return DiscordEvent.of(id, Instant.now(), guildId, new EventPayload.MessageCreated(message));
    }

    private Events() {
    }
}
