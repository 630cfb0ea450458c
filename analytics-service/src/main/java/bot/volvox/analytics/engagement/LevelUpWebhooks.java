package bot.volvox.analytics.engagement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.analytics.engagement.Activity.Key;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfig.LevelAction;
import bot.volvox.platform.outbound.WebhookDelivery;
import bot.volvox.platform.outbound.WebhookDeliveryLog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The level-up {@code webhook} action (spec §4.5): called after the batch's commit, because an HTTP call cannot be
 * rolled back. Each (guild, user, level, action) is claimed in {@code processed_events} first, so a redelivered batch
 * or a replay never calls it twice; a crash between the claim and the call loses that one call (at most once, as the
 * original's fire-and-forget). The POST runs detached from the consumer — a slow receiver (up to 5 s) must not hold
 * the batch — with one attempt, as the original, and is recorded in {@code webhook_delivery_log} (endpoint
 * {@code levelup:<action index>}, event {@code level.up}).
 */
@ApplicationScoped
public class LevelUpWebhooks {
    static final String CONSUMER = "analytics-service:levelup-webhook";
    static final String EVENT = "level.up";
    private static final Logger LOG = Logger.getLogger(LevelUpWebhooks.class);

    @Inject
    Pool pool;

    @Inject
    WebhookDelivery delivery;

    @Inject
    WebhookDeliveryLog deliveryLog;

    record Call(String claim, String guildId, String endpointId, String url, JsonObject payload) {
    }

    /** Claims and starts the webhook calls of every level {@code changes} reached; completes once claimed. */
    Uni<Void> send(Map<Key, Activity.XpChange> changes, Map<String, GuildConfig> configs) {
        List<Call> calls = plan(changes, configs);
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                INSERT INTO processed_events (consumer, event_id) SELECT $1, id FROM unnest($2::text[]) AS id
                ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(CONSUMER, calls.stream().map(Call::claim).toArray(String[]::new)))
                .map(rows -> {
                    List<String> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(row.getString("event_id")));
                    return calls.stream().filter(call -> claimed.contains(call.claim())).toList();
                })
                .invoke(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndMerge(this::call)
                        .subscribe().with(ignored -> {
                        }, failure -> LOG.warn("Level-up webhook not recorded", failure)))
                .replaceWithVoid();
    }

    private Uni<Void> call(Call call) {
        return delivery.post(call.url(), call.payload().encode(), delivery.botSigning(), 1)
                .flatMap(outcome -> deliveryLog.record(call.guildId(), call.endpointId(), EVENT, call.payload(),
                        outcome));
    }

    static List<Call> plan(Map<Key, Activity.XpChange> changes, Map<String, GuildConfig> configs) {
        List<Call> calls = new ArrayList<>();
        changes.forEach((key, change) -> {
            GuildConfig config = configs.get(key.guildId());
            if (config == null || !config.xp().enabled() || change.levelAfter <= change.levelBefore) {
                return;
            }
            for (int level = change.levelBefore + 1; level <= change.levelAfter; level++) {
                List<LevelAction> actions = LevelUps.actionsFor(config.xp(), level);
                for (int i = 0; i < actions.size(); i++) {
                    LevelAction action = actions.get(i);
                    if (!"webhook".equals(action.type()) || action.url() == null || action.url().isBlank()) {
                        continue;
                    }
                    JsonObject payload = new JsonObject().put("event", EVENT)
                            .put("timestamp", Instant.now().toString()).put("guild_id", key.guildId())
                            .put("data", new JsonObject().put("userId", key.userId())
                                    .put("username", change.username).put("level", level)
                                    .put("previousLevel", level - 1));
                    calls.add(new Call("levelup:" + key.guildId() + ":" + key.userId() + ":" + level + ":action:" + i,
                            key.guildId(), "levelup:" + i, action.url(), payload));
                }
            }
        });
        return calls;
    }
}
