package bot.volvox.analytics.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.analytics.ranks.ReputationEntities;
import bot.volvox.analytics.voice.VoiceSessionEntities;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.bench.Latency;
import bot.volvox.platform.testing.bench.UnlimitedApi;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static io.restassured.RestAssured.given;

/**
 * A benchmark (tag {@code benchmark}, never run by the test command): {@code ./mvnw -B -ntp -pl analytics-service -am
 * -Pbenchmarks -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ApiListBenchmark verify}. On a guild seeded with
 * 10,000 members (reputation and user_stats rows) and 100,000 voice sessions it prints p50/p99 of one random page (25
 * rows) of the two entity-shaped lists, each three ways in the same run: through the REST endpoint (HTTP, Hibernate
 * Reactive + Panache), the Panache query alone in-process, and the same page and count with the plain Vert.x client
 * (the baseline: how the API's SQL reads are written); and the plain-SQL voice leaderboard endpoint (an aggregate) for
 * comparison. Measured with platform's {@link Latency}, as moderation's benchmark.
 */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
@TestProfile(UnlimitedApi.class)
@Tag("benchmark")
class ApiListBenchmark {
    static final int MEMBERS = 10_000;
    static final int SESSIONS = 100_000;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 500);
    static final String SECRET = "test-secret";

    @Inject
    Pool pool;

    @Inject
    ReputationEntities reputation;

    @Inject
    VoiceSessionEntities sessions;

    @Test
    void listEndpointsOnASeededGuild() {
        String guild = DiscordEvents.guild();
        pool.preparedQuery("""
                INSERT INTO reputation (guild_id, user_id, xp, level, messages_count, voice_minutes)
                SELECT $1, (100000 + n)::text, (n * 7919) % 20000, 0, n % 300, n % 90
                FROM generate_series(1, $2) AS n""").execute(Tuple.of(guild, MEMBERS)).await().indefinitely();
        pool.preparedQuery("""
                INSERT INTO user_stats (guild_id, user_id, messages_sent, days_active)
                SELECT $1, (100000 + n)::text, n % 300, n % 40 FROM generate_series(1, $2) AS n""")
                .execute(Tuple.of(guild, MEMBERS)).await().indefinitely();
        pool.preparedQuery("""
                INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at, left_at, duration_seconds)
                SELECT $1, (100000 + n % $3)::text, (200 + n % 5)::text, now() - make_interval(mins => n),
                       now() - make_interval(mins => n) + interval '5 minutes', 300
                FROM generate_series(1, $2) AS n""").execute(Tuple.of(guild, SESSIONS, MEMBERS))
                .await().indefinitely();
        pool.query("ANALYZE reputation").execute().await().indefinitely();
        pool.query("ANALYZE user_stats").execute().await().indefinitely();
        pool.query("ANALYZE voice_sessions").execute().await().indefinitely();
        int memberPages = MEMBERS / 25;
        int sessionPages = SESSIONS / 25;

        for (int warm = 0; warm < 2; warm++) {
            int rounds = warm == 0 ? 200 : ROUNDS;
            String label = warm == 0 ? "warm-up " : "";
            Latency boardHttp = Latency.measure(rounds, () -> given().header("x-api-secret", SECRET)
                    .get("/api/v1/guilds/" + guild + "/reputation/leaderboard?limit=25&page=" + random(memberPages))
                    .then().statusCode(200));
            Latency boardPanache = Latency.measure(rounds, () -> pageAndCount(() -> reputation
                    .find("guildId", Sort.descending("xp").and("userId"), guild), random(memberPages)));
            Latency boardPlain = Latency.measure(rounds, () -> pool.preparedQuery("""
                    SELECT id, guild_id, user_id, xp, level, messages_count, voice_minutes, helps_given, last_xp_gain,
                           created_at
                    FROM reputation WHERE guild_id = $1 ORDER BY xp DESC, user_id LIMIT 25 OFFSET $2""")
                    .execute(Tuple.of(guild, (random(memberPages) - 1) * 25))
                    .flatMap(page -> pool.preparedQuery("SELECT count(*) FROM reputation WHERE guild_id = $1")
                            .execute(Tuple.of(guild)).map(count -> page.size()))
                    .await().atMost(Duration.ofSeconds(10)));
            Latency sessionsHttp = Latency.measure(rounds, () -> given().header("x-api-secret", SECRET)
                    .get("/api/v1/guilds/" + guild + "/voice/sessions?limit=25&page=" + random(sessionPages))
                    .then().statusCode(200));
            Latency sessionsPanache = Latency.measure(rounds, () -> pageAndCount(() -> sessions
                    .find("guildId", Sort.descending("joinedAt", "id"), guild), random(sessionPages)));
            Latency sessionsPlain = Latency.measure(rounds, () -> pool.preparedQuery("""
                    SELECT id, guild_id, user_id, channel_id, joined_at, left_at, duration_seconds
                    FROM voice_sessions WHERE guild_id = $1 ORDER BY joined_at DESC, id DESC LIMIT 25 OFFSET $2""")
                    .execute(Tuple.of(guild, (random(sessionPages) - 1) * 25))
                    .flatMap(page -> pool.preparedQuery("SELECT count(*) FROM voice_sessions WHERE guild_id = $1")
                            .execute(Tuple.of(guild)).map(count -> page.size()))
                    .await().atMost(Duration.ofSeconds(10)));
            Latency voiceBoard = Latency.measure(rounds, () -> given().header("x-api-secret", SECRET)
                    .get("/api/v1/guilds/" + guild + "/voice/leaderboard?period=all&limit=25")
                    .then().statusCode(200));
            System.out.printf("%sreputation leaderboard, %d members, %d rounds: REST (Hibernate Reactive) %s | "
                    + "Panache query %s | plain client %s | REST p50 / plain p50 = %.2f%n", label, MEMBERS, rounds,
                    boardHttp, boardPanache, boardPlain, boardHttp.medianOver(boardPlain));
            System.out.printf("%svoice sessions, %d rows, %d rounds: REST (Hibernate Reactive) %s | Panache query %s | "
                    + "plain client %s | REST p50 / plain p50 = %.2f%n", label, SESSIONS, rounds, sessionsHttp,
                    sessionsPanache, sessionsPlain, sessionsHttp.medianOver(sessionsPlain));
            System.out.printf("%svoice leaderboard (plain SQL aggregate), %d rows, %d rounds: REST %s%n", label,
                    SESSIONS, rounds, voiceBoard);
        }
    }

    /** One page of 25 and the count of a Panache query in a session of its own, as an endpoint runs it. */
    private static int pageAndCount(Supplier<PanacheQuery<?>> find, int page) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> {
            PanacheQuery<?> query = find.get().page(Page.of(page - 1, 25));
            return query.list().flatMap(list -> query.count().map(total -> list.size()));
        }));
    }

    private static int random(int pages) {
        return 1 + ThreadLocalRandom.current().nextInt(pages);
    }
}
