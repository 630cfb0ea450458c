package bot.volvox.analytics.members;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.failures.TransientFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code member.joined} from {@code discord.member} into {@code member_joins}: the "new members" of the guild
 * analytics (the original counted the cached members whose join time was in the range, bots excluded). A row is the
 * join itself (guild, user, the join time Discord gives), so a redelivered or replayed event finds its row and adds
 * nothing, and a member who leaves and joins again counts once per join. Other member events are not read.
 */
@ApplicationScoped
public class MemberJoins {
    @Inject
    Pool pool;

    @Incoming("members")
    public Uni<Void> onMember(DiscordEvent event) {
        if (event == null || event.payload() == null) {
            // dead-lettered by the channel, with the reason
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable record (no payload)"));
        }
        if (!(event.payload() instanceof EventPayload.MemberJoined joined) || event.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        if (joined.user() == null || joined.user().id() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("member.joined without user id"));
        }
        if (joined.user().bot()) {
            return Uni.createFrom().voidItem();
        }
        var at = (joined.joinedAt() != null ? joined.joinedAt() : event.occurredAt()).atOffset(ZoneOffset.UTC);
        return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery("""
                INSERT INTO member_joins (guild_id, user_id, joined_at) VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING""").execute(Tuple.of(event.guildId(), joined.user().id(), at))))
                .replaceWithVoid();
    }
}
