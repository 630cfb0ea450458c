package bot.volvox.platform.testing.discord;

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
import bot.volvox.platform.contract.EventPayload.ResolvedRole;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.contract.EventPayload.SlashCommand;

/**
 * Builds events as gateway-service publishes them, for every service's tests: slash commands (deferred as the command
 * registry says), components, messages. Ids are unique snowflake-shaped numbers, so tests never collide on a shared
 * database or topic.
 */
public final class DiscordEvents {
    public static final String APPLICATION_ID = "900000000000000001";
    public static final String ADMINISTRATOR = Long.toString(1L << 3);
    public static final String MANAGE_SERVER = Long.toString(1L << 5);
    public static final String NO_PERMISSIONS = "0";
    public static final String CHANNEL_ID = "700000000000000001";
    /** The owner of every guild built here. */
    public static final String GUILD_OWNER_ID = "700000000000000099";
    /** Above every invoker built here, so unless a test says otherwise only the invoker's hierarchy decides. */
    public static final int BOT_TOP_ROLE_POSITION = 11;
    private static final AtomicLong IDS = new AtomicLong(
            1_200_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L * 1000);

    private DiscordEvents() {
    }

    public static String snowflake() {
        return Long.toString(IDS.incrementAndGet());
    }

    /** A fresh guild id. */
    public static String guild() {
        return snowflake();
    }

    /** Who invokes an interaction: permission bits, roles and the position of their highest role. */
    public record Invoker(String id, String permissions, List<String> roleIds, int topRolePosition) {
        public static Invoker admin() {
            return new Invoker(snowflake(), ADMINISTRATOR, List.of(), 10);
        }

        public static Invoker plain() {
            return new Invoker(snowflake(), NO_PERMISSIONS, List.of(), 1);
        }

        /** A member known by {@code id} (e.g. to find their reminders) with the given permission bits. */
        public static Invoker of(String id, String permissions) {
            return new Invoker(id, permissions, List.of(), 1);
        }

        public static Invoker withRoles(String... roleIds) {
            return new Invoker(snowflake(), NO_PERMISSIONS, List.of(roleIds), 5);
        }
    }

    // ---------------------------------------------------------------- options

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

    public static CommandOptionValue role(String name, String id, String roleName, boolean managed) {
        return new CommandOptionValue(name, "ROLE", id, null, new ResolvedRole(id, roleName, 3, managed), null, null);
    }

    /** A USER option resolving to a guild member. */
    public static CommandOptionValue member(String name, String userId, int topRolePosition, List<String> roleIds) {
        return new CommandOptionValue(name, "USER", userId,
                new ResolvedUser(author(userId, "user"), null, roleIds, topRolePosition, "0"), null, null, null);
    }

    public static CommandOptionValue member(String name, String userId) {
        return member(name, userId, 1, List.of());
    }

    /** A USER option resolving to a user who is not in the guild (member fields null). */
    public static CommandOptionValue nonMember(String name, String userId) {
        return new CommandOptionValue(name, "USER", userId,
                new ResolvedUser(author(userId, "user"), null, null, null, null), null, null, null);
    }

    // ---------------------------------------------------------------- interactions

    /** A slash command in a guild, deferred ephemerally by the gateway. */
    public static DiscordEvent slash(String guildId, Invoker invoker, String command, String subcommand,
            CommandOptionValue... options) {
        return slash(guildId, invoker, BOT_TOP_ROLE_POSITION, command, subcommand, options);
    }

    /** A slash command in a guild where the bot's own highest role sits at {@code botTopRolePosition}. */
    public static DiscordEvent slash(String guildId, Invoker invoker, int botTopRolePosition, String command,
            String subcommand, CommandOptionValue... options) {
        String id = snowflake();
        return DiscordEvent.of(id, Instant.now(), guildId, new SlashCommand(
                interaction(id, guildId, invoker, guildId == null ? null : botTopRolePosition, true), command, null,
                subcommand, new ArrayList<>(List.of(options))));
    }

    /** A slash command used in a DM with the bot (no guild). */
    public static DiscordEvent slashInDm(Invoker invoker, String command, String subcommand,
            CommandOptionValue... options) {
        return slash(null, invoker, command, subcommand, options);
    }

    /** A choice in a select menu the bot posted (the gateway defers it as an update of that message). */
    public static DiscordEvent select(String guildId, Invoker invoker, Instant at, String customId, String... values) {
        String id = snowflake();
        return DiscordEvent.of(id, at, guildId, new EventPayload.SelectMenuChosen(
                interaction(id, guildId, invoker, BOT_TOP_ROLE_POSITION, false), customId, snowflake(),
                List.of(values)));
    }

    /** A click on a button the bot posted, in a guild or (guildId null) in a DM. */
    public static DiscordEvent button(String guildId, Invoker invoker, String customId) {
        String id = snowflake();
        return DiscordEvent.of(id, Instant.now(), guildId, new EventPayload.ButtonClicked(
                interaction(id, guildId, invoker, guildId == null ? null : BOT_TOP_ROLE_POSITION, false), customId,
                snowflake()));
    }

    /** The name the gateway reports for a guild built here. */
    public static String guildName(String guildId) {
        return "Guild " + guildId;
    }

    private static Interaction interaction(String id, String guildId, Invoker invoker, Integer botTopRolePosition,
            boolean ephemeral) {
        return new Interaction(id, APPLICATION_ID, "token-" + id, CHANNEL_ID, author(invoker.id(), "mod"),
                invoker.permissions(), invoker.roleIds(), invoker.topRolePosition(), botTopRolePosition,
                invoker.id().equals(GUILD_OWNER_ID), "en-US", "en-US", true, ephemeral,
                guildId == null ? null : guildName(guildId), guildId == null ? null : GUILD_OWNER_ID);
    }

    // ---------------------------------------------------------------- messages

    public static DiscordEvent message(String guildId, String channelId, String authorId, String content,
            List<String> mentions, List<String> roles) {
        return message(guildId, channelId, authorId, content, mentions, roles, NO_PERMISSIONS,
                roles.stream().map(role -> "role " + role).toList());
    }

    /** A message by a member with these guild-wide permission bits and roles (ids and, in order, names). */
    public static DiscordEvent message(String guildId, String channelId, String authorId, String content,
            List<String> mentions, List<String> roleIds, String permissions, List<String> roleNames) {
        String id = snowflake();
        EventPayload.Message message = new EventPayload.Message(channelId, id, author(authorId, "user"), content,
                List.of(), mentions, List.of(), false, null, null, roleIds, Instant.now(), null, permissions,
                roleNames, null);
        return DiscordEvent.of(id, Instant.now(), guildId, new EventPayload.MessageCreated(message));
    }

    /** A user named after the last digits of their id, e.g. {@code user1234}. */
    public static Author author(String id, String namePrefix) {
        return new Author(id, namePrefix + id.substring(Math.max(0, id.length() - 4)), null, false, false);
    }
}
