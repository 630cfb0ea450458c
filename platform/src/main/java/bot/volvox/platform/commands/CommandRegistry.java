package bot.volvox.platform.commands;

import static bot.volvox.platform.commands.CommandOption.optional;
import static bot.volvox.platform.commands.CommandOption.required;
import static bot.volvox.platform.commands.DiscordPermission.BAN_MEMBERS;
import static bot.volvox.platform.commands.DiscordPermission.KICK_MEMBERS;
import static bot.volvox.platform.commands.DiscordPermission.MANAGE_CHANNEL;
import static bot.volvox.platform.commands.DiscordPermission.MANAGE_ROLES;
import static bot.volvox.platform.commands.DiscordPermission.MESSAGE_HISTORY;
import static bot.volvox.platform.commands.DiscordPermission.MESSAGE_MANAGE;
import static bot.volvox.platform.commands.DiscordPermission.MESSAGE_SEND;
import static bot.volvox.platform.commands.DiscordPermission.MODERATE_MEMBERS;
import static bot.volvox.platform.commands.OptionType.BOOLEAN;
import static bot.volvox.platform.commands.OptionType.CHANNEL;
import static bot.volvox.platform.commands.OptionType.INTEGER;
import static bot.volvox.platform.commands.OptionType.ROLE;
import static bot.volvox.platform.commands.OptionType.STRING;
import static bot.volvox.platform.commands.OptionType.USER;
import static bot.volvox.platform.commands.OwningService.AI;
import static bot.volvox.platform.commands.OwningService.ANALYTICS;
import static bot.volvox.platform.commands.OwningService.GATEWAY;
import static bot.volvox.platform.commands.OwningService.MODERATION;
import static bot.volvox.platform.commands.OwningService.SCHEDULER;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every slash command of the bot, in one place. The gateway
 * registers exactly these with Discord at startup, defers each per {@link SlashCommand#ephemeral()}, and the owning
 * service answers it.
 */
public final class CommandRegistry {

    private static final String[] CASE_ACTIONS = {"warn", "kick", "timeout", "untimeout", "ban", "tempban", "unban",
            "softban", "purge", "lock", "unlock", "slowmode"};

    private static final List<SlashCommand> ALL = List.of(
            // ------------------------------------------------------------ moderation, replies ephemeral
            SlashCommand.withOptions("warn", "Warn a member", MODERATION, true, Set.of(),
                    required(USER, "user", "The member to warn"),
                    optional(STRING, "reason", "Reason for the warning").maxLength(1000),
                    optional(STRING, "severity", "Severity (default low)").choices("low", "medium", "high")),
            SlashCommand.withOptions("kick", "Kick a member", MODERATION, true, Set.of(KICK_MEMBERS),
                    required(USER, "user", "The member to kick"),
                    optional(STRING, "reason", "Reason for the kick").maxLength(512)),
            SlashCommand.withOptions("ban", "Ban a user", MODERATION, true, Set.of(BAN_MEMBERS),
                    required(USER, "user", "The user to ban"),
                    optional(STRING, "reason", "Reason for the ban").maxLength(512),
                    optional(INTEGER, "delete_messages", "Days of messages to delete (0-7)").range(0, 7)),
            SlashCommand.withOptions("tempban", "Ban a user for a while", MODERATION, true, Set.of(BAN_MEMBERS),
                    required(USER, "user", "The user to ban"),
                    required(STRING, "duration", "How long, e.g. 1d, 7d, 2w"),
                    optional(STRING, "reason", "Reason for the ban").maxLength(512),
                    optional(INTEGER, "delete_messages", "Days of messages to delete (0-7)").range(0, 7)),
            SlashCommand.withOptions("softban", "Ban and unban a member to delete their messages", MODERATION, true,
                    Set.of(BAN_MEMBERS),
                    required(USER, "user", "The member to softban"),
                    optional(STRING, "reason", "Reason for the softban").maxLength(512),
                    optional(INTEGER, "delete_messages", "Days of messages to delete (0-7, default 7)").range(0, 7)),
            SlashCommand.withOptions("timeout", "Time out a member", MODERATION, true, Set.of(MODERATE_MEMBERS),
                    required(USER, "user", "The member to time out"),
                    required(STRING, "duration", "How long, e.g. 10m, 1h, 7d (max 28d)"),
                    optional(STRING, "reason", "Reason for the timeout").maxLength(512)),
            SlashCommand.withOptions("untimeout", "Remove a member's timeout", MODERATION, true,
                    Set.of(MODERATE_MEMBERS),
                    required(USER, "user", "The member"),
                    optional(STRING, "reason", "Reason").maxLength(512)),
            SlashCommand.withOptions("unban", "Unban a user", MODERATION, true, Set.of(BAN_MEMBERS),
                    required(STRING, "user_id", "The id of the banned user"),
                    optional(STRING, "reason", "Reason").maxLength(512)),
            SlashCommand.withSubcommands("purge", "Bulk-delete recent messages in this channel", MODERATION, true,
                    Set.of(MESSAGE_MANAGE, MESSAGE_HISTORY),
                    purge("all", "Delete the last messages"),
                    purge("user", "Delete a user's messages", required(USER, "user", "Whose messages")),
                    purge("bot", "Delete bot messages"),
                    purge("contains", "Delete messages containing a text",
                            required(STRING, "text", "Text to look for (case-insensitive)")),
                    purge("links", "Delete messages with links"),
                    purge("attachments", "Delete messages with attachments")),
            SlashCommand.withOptions("lock", "Stop @everyone from sending messages in a channel", MODERATION, true,
                    Set.of(MANAGE_ROLES, MANAGE_CHANNEL),
                    optional(CHANNEL, "channel", "Channel (default: this one)").channelTypes("TEXT"),
                    optional(STRING, "reason", "Reason").maxLength(512)),
            SlashCommand.withOptions("unlock", "Let @everyone send messages in a channel again", MODERATION, true,
                    Set.of(MANAGE_ROLES, MANAGE_CHANNEL),
                    optional(CHANNEL, "channel", "Channel (default: this one)").channelTypes("TEXT"),
                    optional(STRING, "reason", "Reason").maxLength(512)),
            SlashCommand.withOptions("slowmode", "Set a channel's slowmode", MODERATION, true, Set.of(MANAGE_CHANNEL),
                    required(STRING, "duration", "Delay between messages, e.g. 10s, 5m, 6h; 0 disables"),
                    optional(CHANNEL, "channel", "Channel (default: this one)").channelTypes("TEXT"),
                    optional(STRING, "reason", "Reason").maxLength(512)),
            SlashCommand.withSubcommands("case", "Moderation cases", MODERATION, true, Set.of(),
                    Subcommand.of("view", "Show a case", required(INTEGER, "case_id", "Case number").range(1, null)),
                    Subcommand.of("list", "List the newest cases",
                            optional(USER, "user", "Only this user's cases"),
                            optional(STRING, "type", "Only this action").choices(CASE_ACTIONS)),
                    Subcommand.of("reason", "Change a case's reason",
                            required(INTEGER, "case_id", "Case number").range(1, null),
                            required(STRING, "reason", "New reason").maxLength(1000)),
                    Subcommand.of("delete", "Delete a case",
                            required(INTEGER, "case_id", "Case number").range(1, null))),
            SlashCommand.withOptions("history", "A user's moderation history", MODERATION, true, Set.of(),
                    required(USER, "user", "The user")),
            SlashCommand.withOptions("warnings", "A user's warnings", MODERATION, true, Set.of(),
                    required(USER, "user", "The user"),
                    optional(BOOLEAN, "active_only", "Only active warnings (default false)"),
                    optional(INTEGER, "page", "Page (10 per page)").range(1, null)),
            SlashCommand.withOptions("editwarn", "Edit a warning", MODERATION, true, Set.of(),
                    required(INTEGER, "id", "Warning id").range(1, null),
                    optional(STRING, "reason", "New reason").maxLength(1000),
                    optional(STRING, "severity", "New severity").choices("low", "medium", "high")),
            SlashCommand.withOptions("removewarn", "Remove an active warning", MODERATION, true, Set.of(),
                    required(INTEGER, "id", "Warning id").range(1, null),
                    optional(STRING, "reason", "Why it is removed").maxLength(1000)),
            SlashCommand.withOptions("clearwarnings", "Remove all of a user's active warnings", MODERATION, true,
                    Set.of(),
                    required(USER, "user", "The user"),
                    optional(STRING, "reason", "Why they are cleared (default: Bulk clear)").maxLength(1000)),
            SlashCommand.withSubcommands("modlog", "Moderation log channels", MODERATION, true, Set.of(),
                    Subcommand.of("setup", "Choose the log channels"),
                    Subcommand.of("view", "Show the log channels"),
                    Subcommand.of("disable", "Stop posting moderation logs")),
            SlashCommand.withSubcommands("config", "This server's bot configuration", MODERATION, true, Set.of(),
                    Subcommand.of("view", "Show the configuration",
                            optional(STRING, "section", "Only this section")),
                    Subcommand.of("set", "Set a value",
                            required(STRING, "path", "Dotted path, e.g. ai.enabled"),
                            required(STRING, "value", "New value (JSON or text)")),
                    Subcommand.of("reset", "Reset to the defaults",
                            optional(STRING, "section", "Only this section"))),

            // ------------------------------------------------------------ the bot itself
            SlashCommand.withOptions("help", "The commands you may use in this server", MODERATION, true, Set.of()),
            SlashCommand.withOptions("status", "The bot's uptime, version and the health of its services",
                    MODERATION, true, Set.of()),
            SlashCommand.withOptions("reload", "Bot owner: make every service re-read the configuration",
                    MODERATION, true, Set.of()),
            SlashCommand.withSubcommands("alias", "Other names for this server's commands", MODERATION, true,
                    Set.of(),
                    Subcommand.of("add", "Give a command another name in this server",
                            required(STRING, "alias", "The new name (lowercase letters, digits, - and _)")
                                    .maxLength(32),
                            required(STRING, "command", "The command it runs, e.g. warn").maxLength(32)),
                    Subcommand.of("remove", "Remove an alias",
                            required(STRING, "alias", "The alias").maxLength(32)),
                    Subcommand.of("list", "This server's aliases")),

            // ------------------------------------------------------------ scheduler
            SlashCommand.withSubcommands("remind", "Reminders", SCHEDULER, true, Set.of(),
                    Subcommand.of("me", "Remind me later",
                            required(STRING, "when", "e.g. 10m, in 2 hours, tomorrow at 3pm").maxLength(200),
                            required(STRING, "message", "What to remind you of").maxLength(1000),
                            optional(STRING, "cron", "Then repeat on this 5-field cron schedule, e.g. 0 9 * * 1")
                                    .maxLength(100)),
                    Subcommand.of("list", "Your active reminders"),
                    Subcommand.of("cancel", "Cancel a reminder",
                            required(INTEGER, "id", "Reminder id").range(1, null)),
                    Subcommand.of("snooze", "Postpone a reminder",
                            required(INTEGER, "id", "Reminder id").range(1, null),
                            required(STRING, "duration", "For how long, e.g. 15m, 1h, 1d"))),
            SlashCommand.withSubcommands("temprole", "Temporary roles", SCHEDULER, true, Set.of(MANAGE_ROLES),
                    Subcommand.of("assign", "Give a member a role for a while",
                            required(USER, "user", "The member"),
                            required(ROLE, "role", "The role"),
                            required(STRING, "duration", "How long, e.g. 1h, 7d"),
                            optional(STRING, "reason", "Reason").maxLength(512)),
                    Subcommand.of("revoke", "Remove a temporary role now",
                            required(USER, "user", "The member"),
                            required(ROLE, "role", "The role")),
                    Subcommand.of("list", "Active temporary roles",
                            optional(USER, "user", "Only this member"))),
            SlashCommand.withSubcommands("announce", "Scheduled announcements", SCHEDULER, true, Set.of(MESSAGE_SEND),
                    Subcommand.of("once", "Post a message once, later",
                            required(STRING, "time", "in 2h, tomorrow 09:00 or YYYY-MM-DD HH:MM"),
                            required(CHANNEL, "channel", "Where to post").channelTypes("TEXT", "NEWS"),
                            required(STRING, "message", "The message").maxLength(2000)),
                    Subcommand.of("recurring", "Post a message on a schedule",
                            required(STRING, "cron", "5-field cron, e.g. 0 9 * * 1"),
                            required(CHANNEL, "channel", "Where to post").channelTypes("TEXT", "NEWS"),
                            required(STRING, "message", "The message").maxLength(2000)),
                    Subcommand.of("list", "Scheduled announcements"),
                    Subcommand.of("cancel", "Cancel an announcement",
                            required(INTEGER, "id", "Announcement id").range(1, null))),

            // ------------------------------------------------------------ ai
            new SlashCommand("memory", "What the bot remembers about you", AI, true, Set.of(), List.of(),
                    List.of(Subcommand.of("view", "Show what the bot remembers about you"),
                            Subcommand.of("forget", "Forget everything, or one topic",
                                    optional(STRING, "topic", "Only memories about this")),
                            Subcommand.of("optout", "Toggle whether the bot remembers you")),
                    List.of(SubcommandGroup.of("admin", "Manage members' memories",
                            Subcommand.of("view", "Show a member's memories", required(USER, "user", "The member")),
                            Subcommand.of("clear", "Clear a member's memories",
                                    required(USER, "user", "The member"))))),
            SlashCommand.withOptions("tldr", "Summarise the recent conversation in this channel", AI, false, Set.of(
                    MESSAGE_HISTORY),
                    optional(INTEGER, "messages", "How many recent messages to read").range(5, 100)),

            // ------------------------------------------------------------ analytics
            SlashCommand.withOptions("rank", "Your (or a member's) level and XP", ANALYTICS, false, Set.of(),
                    optional(USER, "user", "Whose rank (default: yours)")),
            SlashCommand.withOptions("leaderboard", "Top 10 members by XP", ANALYTICS, false, Set.of()),
            SlashCommand.withOptions("profile", "Your (or a member's) activity profile", ANALYTICS, false, Set.of(),
                    optional(USER, "user", "Whose profile (default: yours)")),
            SlashCommand.withSubcommands("voice", "Voice channel activity", ANALYTICS, false, Set.of(),
                    Subcommand.of("leaderboard", "Top 10 members by time in voice",
                            optional(STRING, "period", "Sessions started in (default week)")
                                    .choices("week", "month", "all")),
                    Subcommand.of("stats", "A member's (or your) time in voice",
                            optional(USER, "user", "Whose stats (default: yours)")),
                    Subcommand.of("export", "The server's voice sessions as a CSV file")),

            // ------------------------------------------------------------ gateway (it holds the latencies)
            SlashCommand.withOptions("ping", "The bot's gateway and REST latency", GATEWAY, false, Set.of()));

    private static final Map<String, SlashCommand> BY_NAME;

    static {
        var byName = new LinkedHashMap<String, SlashCommand>();
        for (SlashCommand command : ALL) {
            if (byName.put(command.name(), command) != null) {
                throw new IllegalStateException("slash command /" + command.name() + " is registered twice");
            }
        }
        BY_NAME = Map.copyOf(byName);
    }

    private static Subcommand purge(String name, String description, CommandOption... extra) {
        var options = new java.util.ArrayList<CommandOption>();
        options.add(required(INTEGER, "count", "How many recent messages to scan (1-100)").range(1, 100));
        options.addAll(List.of(extra));
        return new Subcommand(name, description, List.copyOf(options));
    }

    /** Every command, in registration order. */
    public static List<SlashCommand> all() {
        return ALL;
    }

    public static Optional<SlashCommand> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The commands {@code owner} answers. */
    public static List<SlashCommand> ownedBy(OwningService owner) {
        return ALL.stream().filter(c -> c.owner() == owner).toList();
    }

    private CommandRegistry() {
    }
}
