package bot.volvox.gateway.actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.gateway.discord.DiscordConnection;
import bot.volvox.gateway.interactions.CommandRegistrar;
import bot.volvox.gateway.interactions.PendingAutocompletes;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.DiscordAction;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.selections.EntitySelectMenu;
import net.dv8tion.jda.api.components.selections.SelectOption;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.attribute.IPermissionContainer;
import net.dv8tion.jda.api.entities.channel.attribute.ISlowmodeChannel;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.AuditableRestAction;
import net.dv8tion.jda.api.utils.SplitUtil;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;

/**
 * Turns one {@link DiscordAction} into JDA REST calls (each through {@link DiscordCalls}) and returns the ids Discord
 * created. Messages never ping @everyone, @here or roles (only users), and content over 2000 characters is sent as
 * several messages split at line, then word boundaries (JDA's {@link SplitUtil}).
 */
@ApplicationScoped
public class ActionExecutor {
    static final int MAX_MESSAGE_LENGTH = 2000;
    private static final EnumSet<Message.MentionType> ALLOWED_MENTIONS = EnumSet.of(Message.MentionType.USER);
    static final int UNKNOWN_WEBHOOK = 10015;
    static final int UNKNOWN_INTERACTION = 10062;
    static final Duration DEFERRAL_WAIT = Duration.ofSeconds(5);
    private static final Duration DEFERRAL_POLL = Duration.ofMillis(100);

    @Inject
    DiscordConnection discord;

    @Inject
    DiscordCalls calls;

    @Inject
    PendingAutocompletes autocompletes;

    @Inject
    ChannelPurge purges;

    @Inject
    DmChannels dmChannels;

    /** What an action did: the ids Discord created, and for a PURGE what it deleted (else null). */
    public record Outcome(List<String> createdIds, ActionResult.Purged purged) {
    }

    public Outcome execute(DiscordAction action, AtomicInteger attempts) {
        if (action.params() instanceof ActionParams.Purge p) {
            GuildMessageChannel channel = guildChannel(action, p.channelId(), GuildMessageChannel.class);
            return new Outcome(List.of(), purges.purge(channel, p, action.reason(), attempts));
        }
        return new Outcome(executeCreating(action, attempts), null);
    }

    private List<String> executeCreating(DiscordAction action, AtomicInteger attempts) {
        ActionParams params = action.params();
        String reason = action.reason();
        if (params instanceof ActionParams.Ban p) {
            run(() -> audited(guild(action).ban(UserSnowflake.fromId(p.userId()), p.deleteMessageSeconds(),
                    TimeUnit.SECONDS), reason), attempts);
        } else if (params instanceof ActionParams.Unban p) {
            run(() -> audited(guild(action).unban(UserSnowflake.fromId(p.userId())), reason), attempts);
        } else if (params instanceof ActionParams.Kick p) {
            run(() -> audited(guild(action).kick(UserSnowflake.fromId(p.userId())), reason), attempts);
        } else if (params instanceof ActionParams.Timeout p) {
            run(() -> audited(guild(action).timeoutUntil(UserSnowflake.fromId(p.userId()), p.until()), reason), attempts);
        } else if (params instanceof ActionParams.RemoveTimeout p) {
            run(() -> audited(guild(action).removeTimeout(UserSnowflake.fromId(p.userId())), reason), attempts);
        } else if (params instanceof ActionParams.AddRole p) {
            Guild guild = guild(action);
            run(() -> audited(guild.addRoleToMember(UserSnowflake.fromId(p.userId()), role(guild, p.roleId())), reason),
                    attempts);
        } else if (params instanceof ActionParams.AffixNickname p) {
            Guild guild = guild(action);
            Member member = call(() -> guild.retrieveMemberById(p.userId()), attempts);
            String nickname = Nicknames.affixed(member.getEffectiveName(), p.prefix(), p.suffix());
            if (!nickname.equals(member.getEffectiveName())) {
                run(() -> audited(guild.modifyNickname(member, nickname), reason), attempts);
            }
        } else if (params instanceof ActionParams.RemoveRole p) {
            Guild guild = guild(action);
            run(() -> audited(guild.removeRoleFromMember(UserSnowflake.fromId(p.userId()), role(guild, p.roleId())),
                    reason), attempts);
        } else if (params instanceof ActionParams.SendMessage p) {
            return send(messageChannel(action, p.channelId()), p.body(), p.replyToMessageId(), attempts);
        } else if (params instanceof ActionParams.SendDm p) {
            return dmChannels.send(p.userId(), channel -> send(channel, p.body(), null, attempts),
                    () -> call(() -> discord.anySession().openPrivateChannelById(p.userId()), attempts));
        } else if (params instanceof ActionParams.EditMessage p) {
            var edit = new MessageEditBuilder().setContent(single(p.body().content()))
                    .setEmbeds(embeds(p.body())).setComponents(rows(p.body())).setAllowedMentions(ALLOWED_MENTIONS)
                    .build();
            return List.of(call(() -> messageChannel(action, p.channelId()).editMessageById(p.messageId(), edit),
                    attempts).getId());
        } else if (params instanceof ActionParams.DeleteMessage p) {
            run(() -> audited(messageChannel(action, p.channelId()).deleteMessageById(p.messageId()), reason), attempts);
        } else if (params instanceof ActionParams.BulkDelete p) {
            GuildMessageChannel channel = guildChannel(action, p.channelId(), GuildMessageChannel.class);
            if (p.messageIds().size() == 1) {
                run(() -> audited(channel.deleteMessageById(p.messageIds().get(0)), reason), attempts);
            } else if (!p.messageIds().isEmpty()) {
                run(() -> channel.deleteMessagesByIds(p.messageIds()), attempts);
            }
        } else if (params instanceof ActionParams.EditChannel p) {
            TextChannel channel = guildChannel(action, p.channelId(), TextChannel.class);
            run(() -> {
                var manager = channel.getManager();
                if (p.name() != null) {
                    manager = manager.setName(p.name());
                }
                if (p.topic() != null) {
                    manager = manager.setTopic(p.topic());
                }
                if (p.nsfw() != null) {
                    manager = manager.setNSFW(p.nsfw());
                }
                return audited(manager, reason);
            }, attempts);
        } else if (params instanceof ActionParams.SetSlowmode p) {
            ISlowmodeChannel channel = guildChannel(action, p.channelId(), ISlowmodeChannel.class);
            run(() -> audited(channel.getManager().setSlowmode(p.seconds()), reason), attempts);
        } else if (params instanceof ActionParams.LockChannel p) {
            IPermissionContainer channel = guildChannel(action, p.channelId(), IPermissionContainer.class);
            run(() -> audited(channel.upsertPermissionOverride(channel.getGuild().getPublicRole())
                    .deny(Permission.MESSAGE_SEND), reason), attempts);
        } else if (params instanceof ActionParams.UnlockChannel p) {
            IPermissionContainer channel = guildChannel(action, p.channelId(), IPermissionContainer.class);
            run(() -> audited(channel.upsertPermissionOverride(channel.getGuild().getPublicRole())
                    .clear(Permission.MESSAGE_SEND), reason), attempts);
        } else if (params instanceof ActionParams.AddReaction p) {
            run(() -> messageChannel(action, p.channelId()).addReactionById(p.messageId(), Emoji.fromFormatted(p.emoji())),
                    attempts);
        } else if (params instanceof ActionParams.RemoveReaction p) {
            run(() -> messageChannel(action, p.channelId()).removeReactionById(p.messageId(),
                    Emoji.fromFormatted(p.emoji())), attempts);
        } else if (params instanceof ActionParams.InteractionReply p) {
            InteractionHook hook = InteractionHook.from(discord.anySession(), p.interactionToken());
            List<MessageCreateData> messages = messages(p.body());
            var ids = new ArrayList<String>();
            var first = messages.get(0);
            ids.add(interactionCall(() -> hook.editOriginal(net.dv8tion.jda.api.utils.messages.MessageEditData.fromCreateData(
                    first)), attempts).getId());
            for (MessageCreateData more : messages.subList(1, messages.size())) {
                ids.add(interactionCall(() -> hook.sendMessage(more), attempts).getId());
            }
            return ids;
        } else if (params instanceof ActionParams.InteractionFollowup p) {
            InteractionHook hook = InteractionHook.from(discord.anySession(), p.interactionToken());
            var ids = new ArrayList<String>();
            List<MessageCreateData> messages = messages(p.body());
            for (int i = 0; i < messages.size(); i++) {
                MessageCreateData message = messages.get(i);
                ids.add(i == 0 && p.replacesDeferral()
                        ? interactionCall(() -> hook.editOriginal(net.dv8tion.jda.api.utils.messages.MessageEditData
                                .fromCreateData(message)), attempts).getId()
                        : interactionCall(() -> hook.sendMessage(message).setEphemeral(p.ephemeral()), attempts).getId());
            }
            return ids;
        } else if (params instanceof ActionParams.RegisterAlias p) {
            SlashCommand target = CommandRegistry.find(p.targetCommand()).orElseThrow(() -> new DiscordFailure.Permanent(
                    null, "/" + p.targetCommand() + " is not a command of this bot"));
            Guild guild = guild(action);
            return List.of(call(() -> guild.upsertCommand(CommandRegistrar.toJda(target, p.alias())), attempts)
                    .getId());
        } else if (params instanceof ActionParams.UnregisterAlias p) {
            Guild guild = guild(action);
            // by name: Discord's id of the guild command is not needed to remove it, and a repeat finds nothing
            for (Command command : call(guild::retrieveCommands, attempts)) {
                if (command.getName().equals(p.alias())) {
                    run(() -> guild.deleteCommandById(command.getId()), attempts);
                }
            }
        } else if (params instanceof ActionParams.AutocompleteChoices p) {
            attempts.incrementAndGet();
            List<Command.Choice> choices = p.choices().stream().limit(25)
                    .map(c -> new Command.Choice(c.name(), c.value())).toList();
            if (!autocompletes.answer(p.interactionId(), choices)) {
                throw new DiscordFailure.Permanent(null,
                        "Autocomplete interaction " + p.interactionId() + " is no longer open on this gateway");
            }
        }
        return List.of();
    }

    private List<String> send(MessageChannel channel, MessageBody body, String replyTo, AtomicInteger attempts) {
        var ids = new ArrayList<String>();
        boolean first = true;
        for (MessageCreateData message : messages(body)) {
            boolean reply = first && replyTo != null;
            ids.add(call(() -> reply ? channel.sendMessage(message).setMessageReference(replyTo)
                    .failOnInvalidReply(false) : channel.sendMessage(message), attempts).getId());
            first = false;
        }
        return ids;
    }

    /** Content split into ≤ 2000-character chunks; embeds and buttons go with the last one. */
    static List<MessageCreateData> messages(MessageBody body) {
        String content = body.content() == null ? "" : body.content();
        List<String> chunks = content.isEmpty() ? List.of("")
                : SplitUtil.split(content, MAX_MESSAGE_LENGTH, true, SplitUtil.Strategy.NEWLINE,
                        SplitUtil.Strategy.WHITESPACE, SplitUtil.Strategy.ANYWHERE);
        var messages = new ArrayList<MessageCreateData>();
        for (int i = 0; i < chunks.size(); i++) {
            var builder = new MessageCreateBuilder().setContent(chunks.get(i)).setAllowedMentions(ALLOWED_MENTIONS)
                    .mentionRepliedUser(false);
            if (i == chunks.size() - 1) {
                builder.setEmbeds(embeds(body)).setComponents(rows(body)).setFiles(files(body));
            }
            messages.add(builder.build());
        }
        return messages;
    }

    private static String single(String content) {
        if (content != null && content.length() > MAX_MESSAGE_LENGTH) {
            throw new DiscordFailure.Permanent(null, "An edit cannot be split: content exceeds 2000 characters");
        }
        return content == null ? "" : content;
    }

    /** The body's files, uploaded with the last chunk (multipart, as Discord takes them). */
    private static List<net.dv8tion.jda.api.utils.FileUpload> files(MessageBody body) {
        if (body.attachments() == null) {
            return List.of();
        }
        return body.attachments().stream()
                .map(file -> net.dv8tion.jda.api.utils.FileUpload.fromData(file.bytes(), file.name()))
                .toList();
    }

    private static List<MessageEmbed> embeds(MessageBody body) {
        if (body.embeds() == null) {
            return List.of();
        }
        return body.embeds().stream().map(e -> {
            var builder = new EmbedBuilder().setTitle(e.title(), e.url()).setDescription(e.description())
                    .setFooter(e.footer()).setTimestamp(e.timestamp());
            if (e.color() != null) {
                builder.setColor(e.color());
            }
            if (e.fields() != null) {
                e.fields().forEach(f -> builder.addField(f.name(), f.value(), f.inline()));
            }
            return builder.build();
        }).toList();
    }

    private static List<ActionRow> rows(MessageBody body) {
        List<ActionRow> rows = new ArrayList<>();
        if (body.buttons() != null && !body.buttons().isEmpty()) {
            rows.add(ActionRow.of(body.buttons().stream().map(b -> switch (b.style()) {
                case PRIMARY -> Button.primary(b.customId(), b.label());
                case SUCCESS -> Button.success(b.customId(), b.label());
                case DANGER -> Button.danger(b.customId(), b.label());
                default -> Button.secondary(b.customId(), b.label());
            }).toList()));
        }
        if (body.selectMenus() != null) {
            body.selectMenus().forEach(menu -> rows.add(ActionRow.of(switch (menu.type()) {
                case CHANNEL -> EntitySelectMenu.create(menu.customId(), EntitySelectMenu.SelectTarget.CHANNEL)
                        .setChannelTypes(ChannelType.TEXT, ChannelType.NEWS).setPlaceholder(menu.placeholder())
                        .build();
                case STRING -> StringSelectMenu.create(menu.customId()).setPlaceholder(menu.placeholder())
                        .addOptions(menu.options().stream().map(option -> SelectOption.of(option.label(),
                                option.value()).withDescription(option.description())).toList())
                        .build();
            })));
        }
        return rows;
    }

    private <T> void run(Supplier<? extends RestAction<T>> request, AtomicInteger attempts) {
        call(request, attempts);
    }

    private <T> T call(Supplier<? extends RestAction<T>> request, AtomicInteger attempts) {
        attempts.set(0);
        return calls.complete(request, attempts);
    }

    /**
     * An answer can reach Discord before the deferral it edits (Discord then knows no such interaction yet: 10015 or
     * 10062); it is tried again until the deferral has landed, for up to {@link #DEFERRAL_WAIT}.
     */
    private <T> T interactionCall(Supplier<? extends RestAction<T>> request, AtomicInteger attempts) {
        long deadline = System.nanoTime() + DEFERRAL_WAIT.toNanos();
        while (true) {
            attempts.set(0);
            try {
                return calls.complete(request, attempts);
            } catch (DiscordFailure.Permanent e) {
                boolean overtook = e.code() != null
                        && (e.code() == UNKNOWN_WEBHOOK || e.code() == UNKNOWN_INTERACTION);
                if (!overtook || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(DEFERRAL_POLL.toNanos());
            }
        }
    }

    static <T extends AuditableRestAction<?>> T audited(T request, String reason) {
        if (reason != null && !reason.isBlank()) {
            request.reason(reason.length() > 512 ? reason.substring(0, 512) : reason);
        }
        return request;
    }

    private Guild guild(DiscordAction action) {
        if (action.guildId() == null) {
            throw new DiscordFailure.Permanent(null, action.kind() + " needs a guildId");
        }
        Guild guild = discord.shards().getGuildById(action.guildId());
        if (guild == null) {
            throw new DiscordFailure.Permanent(10004,
                    "Unknown Guild " + action.guildId() + " (not on the shards of this gateway)");
        }
        return guild;
    }

    private static Role role(Guild guild, String roleId) {
        Role role = guild.getRoleById(roleId);
        if (role == null) {
            throw new DiscordFailure.Permanent(10011, "Unknown Role " + roleId);
        }
        return role;
    }

    private MessageChannel messageChannel(DiscordAction action, String channelId) {
        return guildChannel(action, channelId, GuildMessageChannel.class);
    }

    private <T> T guildChannel(DiscordAction action, String channelId, Class<T> type) {
        GuildChannel channel = guild(action).getGuildChannelById(channelId);
        if (channel == null) {
            throw new DiscordFailure.Permanent(10003, "Unknown Channel " + channelId);
        }
        if (!type.isInstance(channel)) {
            throw new DiscordFailure.Permanent(50024,
                    "Cannot execute action on this channel type (" + channel.getType() + ")");
        }
        return type.cast(channel);
    }
}
