package bot.volvox.analytics.engagement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.analytics.engagement.Activity.Key;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfig.LevelAction;
import io.smallrye.mutiny.Uni;

/**
 * What a level-up does (spec §4.5, {@code xp.enabled} only). For each level L reached: the actions of
 * {@code xp.levelActions} for L if there is an entry, else {@code xp.defaultActions}; plus the level-up DM when
 * {@code xp.levelUpDm.enabled} and (a message for L exists, or {@code sendOnEveryLevel}). Action types run here:
 * {@code grantRole} (with {@code roleRewards.stackRoles} false, the other XP roles are removed first),
 * {@code removeRole}, {@code sendDm}, {@code announce} ({@code channelMode} current | specific | none),
 * {@code addReaction}; at most {@value #MAX_ROLE_ACTIONS} grant/remove actions per level-up, as the original.
 *
 * <p>Every action id is derived from guild, user, level and the action's place, so a level is acted on once however
 * often its batch is processed (the gateway executes each id once). The original's per-user windows ("2 role changes
 * per 60 s", "1 level DM per 60 s per scope") are {@link LevelUpLimits}: a refused action is not requested.
 */
@ApplicationScoped
public class LevelUps {
    static final int MAX_ROLE_ACTIONS = 2;

    @Inject
    ActionPublisher actions;

    @Inject
    LevelUpLimits limits;

    /**
     * An action to request and the window it must fit in ({@code null}: none); actions of one {@code call} (a
     * {@code grantRole} and the removals that unstack it) take one place together.
     */
    record Planned(DiscordAction action, LevelUpLimits.Scope scope, String call) {
        Planned(DiscordAction action) {
            this(action, null, null);
        }
    }

    /** Requests the actions of every level reached in {@code changes} that the per-user windows allow. */
    Uni<Void> request(Map<Key, Activity.XpChange> changes, Map<String, GuildConfig> configs) {
        List<Planned> requested = new ArrayList<>();
        changes.forEach((key, change) -> {
            GuildConfig config = configs.get(key.guildId());
            if (config != null && config.xp().enabled() && change.levelAfter > change.levelBefore) {
                requested.addAll(plan(key, change, config.xp()));
            }
        });
        return limits.allowed(requested).flatMap(actions::publishAll);
    }

    List<Planned> plan(Key key, Activity.XpChange change, GuildConfig.Xp xp) {
        List<Planned> planned = new ArrayList<>();
        Set<String> xpRoles = xpRoles(xp);
        int roleActions = 0;
        for (int level = change.levelBefore + 1; level <= change.levelAfter; level++) {
            String source = "levelup:" + key.guildId() + ":" + key.userId() + ":" + level;
            List<LevelAction> levelActions = actionsFor(xp, level);
            for (int i = 0; i < levelActions.size(); i++) {
                LevelAction action = levelActions.get(i);
                String purpose = "action:" + i;
                String text = action.message() == null ? null : render(action.message(), key, change, level);
                switch (action.type()) {
                    case "grantRole", "removeRole" -> {
                        if (action.roleId() == null || roleActions >= MAX_ROLE_ACTIONS) {
                            continue;
                        }
                        roleActions++;
                        LevelUpLimits.Scope roles = LevelUpLimits.roleChanges(key);
                        String call = source + ":" + purpose;
                        if (action.type().equals("removeRole")) {
                            planned.add(new Planned(request(key, source, purpose,
                                    new ActionParams.RemoveRole(key.userId(), action.roleId())), roles, call));
                            continue;
                        }
                        if (!xp.roleRewards().stackRoles()) {
                            for (String other : xpRoles) {
                                if (!other.equals(action.roleId())) {
                                    planned.add(new Planned(request(key, source, purpose + ":unstack:" + other,
                                            new ActionParams.RemoveRole(key.userId(), other)), roles, call));
                                }
                            }
                        }
                        planned.add(new Planned(request(key, source, purpose,
                                new ActionParams.AddRole(key.userId(), action.roleId())), roles, call));
                    }
                    case "sendDm" -> {
                        if (text != null) {
                            planned.add(new Planned(request(key, source, purpose,
                                    new ActionParams.SendDm(key.userId(), ActionParams.MessageBody.text(text)))));
                        }
                    }
                    case "announce" -> {
                        String channel = "specific".equals(action.channelMode()) ? action.channelId()
                                : "none".equals(action.channelMode()) ? null : change.channelId;
                        if (channel != null && text != null) {
                            planned.add(new Planned(request(key, source, purpose,
                                    new ActionParams.SendMessage(channel, ActionParams.MessageBody.text(text), null))));
                        }
                    }
                    case "addReaction" -> {
                        if (action.emoji() != null && change.messageId != null) {
                            planned.add(new Planned(request(key, source, purpose,
                                    new ActionParams.AddReaction(change.channelId, change.messageId, action.emoji()))));
                        }
                    }
                    case "nickPrefix", "nickSuffix" -> {
                        boolean prefix = action.type().equals("nickPrefix");
                        String affix = prefix ? action.prefix() : action.suffix();
                        if (affix != null && !affix.isBlank()) {
                            String rendered = render(affix, key, change, level);
                            planned.add(new Planned(request(key, source, purpose, new ActionParams.AffixNickname(
                                    key.userId(), prefix ? rendered : null, prefix ? null : rendered))));
                        }
                    }
                    default -> {
                        // xpBonus is XP, not a Discord action (bonusXp); webhook: not built yet (README)
                    }
                }
            }
            String dm = dmText(xp.levelUpDm(), level);
            if (dm != null) {
                DiscordAction request = request(key, source, "dm", new ActionParams.SendDm(key.userId(),
                        ActionParams.MessageBody.text(render(dm, key, change, level))));
                planned.add(new Planned(request, LevelUpLimits.levelDm(key, level), request.actionId().toString()));
            }
        }
        return planned;
    }

    /**
     * The {@code xpBonus} XP of the levels {@code change} reaches: added to the user's XP in the batch that reached
     * them, without recomputing the level (spec §4.5), so it is earned once with the level-up.
     */
    static Map<Key, Integer> bonusXp(Map<Key, Activity.XpChange> changes, Map<String, GuildConfig> configs) {
        Map<Key, Integer> bonuses = new java.util.TreeMap<>();
        changes.forEach((key, change) -> {
            GuildConfig config = configs.get(key.guildId());
            if (config == null || !config.xp().enabled()) {
                return;
            }
            int bonus = 0;
            for (int level = change.levelBefore + 1; level <= change.levelAfter; level++) {
                for (LevelAction action : actionsFor(config.xp(), level)) {
                    if ("xpBonus".equals(action.type()) && action.amount() != null) {
                        bonus += action.amount();
                    }
                }
            }
            if (bonus > 0) {
                bonuses.put(key, bonus);
            }
        });
        return bonuses;
    }

    private DiscordAction request(Key key, String source, String purpose, ActionParams params) {
        return actions.request(key.guildId(), source, purpose, "Level up", params);
    }

    static List<LevelAction> actionsFor(GuildConfig.Xp xp, int level) {
        for (GuildConfig.LevelActions entry : xp.levelActions()) {
            if (entry.level() == level) {
                return entry.actions();
            }
        }
        return xp.defaultActions();
    }

    /** The roles XP manages: every role a {@code grantRole} names. */
    static Set<String> xpRoles(GuildConfig.Xp xp) {
        Set<String> roles = new LinkedHashSet<>();
        List<LevelAction> all = new ArrayList<>(xp.defaultActions());
        xp.levelActions().forEach(entry -> all.addAll(entry.actions()));
        for (LevelAction action : all) {
            if ("grantRole".equals(action.type()) && action.roleId() != null) {
                roles.add(action.roleId());
            }
        }
        return roles;
    }

    static String dmText(GuildConfig.LevelUpDm dm, int level) {
        if (!dm.enabled()) {
            return null;
        }
        for (GuildConfig.LevelMessage message : dm.messages()) {
            if (message.level() == level) {
                return message.message();
            }
        }
        return dm.sendOnEveryLevel() ? dm.defaultMessage() : null;
    }

    /** The original's {@code {{var}}} templates, for the variables known from the events. */
    static String render(String template, Key key, Activity.XpChange change, int level) {
        return template.replace("{{level}}", Integer.toString(level))
                .replace("{{previousLevel}}", Integer.toString(level - 1))
                .replace("{{xp}}", Long.toString(change.xpBefore + change.gained))
                .replace("{{userId}}", key.userId())
                .replace("{{mention}}", "<@" + key.userId() + ">")
                .replace("{{username}}", change.username == null ? key.userId() : change.username)
                .replace("{{serverId}}", key.guildId())
                .replace("{{channel}}", change.channelId == null ? "" : "<#" + change.channelId + ">")
                // the events carry no guild name; the text still reads naturally
                .replace("{{serverName}}", "the server")
                .replace("{{server}}", "the server");
    }
}
