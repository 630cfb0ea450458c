package bot.volvox.analytics.engagement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.analytics.engagement.Activity.Key;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.guildconfig.GuildConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What a level-up does (spec §4.5, {@code xp.enabled} only): for now the level-up DM ({@code xp.levelUpDm}): for
 * each level reached, its own message if one is configured, else the default message when
 * {@code sendOnEveryLevel}. Each DM's action id is derived from guild, user and level, so a level is announced once
 * however often its batch is redelivered; the per-level scope also makes the original's "1 DM per 60 s per
 * user and level" limit hold by construction. Role rewards and the other level actions are not built yet.
 */
@ApplicationScoped
public class LevelUps {

    @Inject
    ActionPublisher actions;

    /** Requests the actions of every level reached; {@code connection} is the batch's (unused: actions go to Kafka). */
    Uni<Void> request(SqlConnection connection, Map<Key, Activity.XpChange> changes, Map<String, GuildConfig> configs) {
        List<DiscordAction> requested = new ArrayList<>();
        changes.forEach((key, change) -> {
            GuildConfig config = configs.get(key.guildId());
            if (config == null || !config.xp().enabled() || change.levelAfter <= change.levelBefore) {
                return;
            }
            GuildConfig.LevelUpDm dm = config.xp().levelUpDm();
            for (int level = change.levelBefore + 1; level <= change.levelAfter; level++) {
                String text = dmText(dm, level);
                if (text == null) {
                    continue;
                }
                String body = render(text, key, change, level);
                requested.add(actions.request(key.guildId(), "levelup:" + key.guildId() + ":" + key.userId() + ":"
                        + level, "dm", null, new ActionParams.SendDm(key.userId(),
                                ActionParams.MessageBody.text(body))));
            }
        });
        return actions.publishAll(requested);
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
                // the events carry no guild name; the DM still reads naturally
                .replace("{{serverName}}", "the server")
                .replace("{{server}}", "the server");
    }
}
