package bot.volvox.moderation.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.cases.CaseEntities;
import bot.volvox.moderation.cases.CaseEntity;
import bot.volvox.moderation.cases.CaseRepository;
import bot.volvox.platform.testing.bench.Latency;
import bot.volvox.platform.testing.bench.UnlimitedApi;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.hibernate.reactive.panache.Panache;
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
 * A benchmark (tag {@code benchmark}, never run by the test command): {@code ./mvnw -B -ntp -pl moderation-service -am
 * -Pbenchmarks -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ApiListBenchmark verify}. On a guild seeded with 10,000
 * cases and 100,000 audit rows it prints p50/p99 of one page (25 rows, a random page) of the case list three ways in
 * the same run: through the REST endpoint (HTTP, Hibernate Reactive + Panache), the Panache query alone in-process,
 * and the same page with the plain Vert.x client ({@link CaseRepository#page}, the commands' query): the baseline.
 * The audit-log endpoint is measured the same way against its plain SQL equivalent.
 */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
@TestProfile(UnlimitedApi.class)
@Tag("benchmark")
class ApiListBenchmark {
    static final int CASES = 10_000;
    static final int AUDIT_ROWS = 100_000;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 500);
    static final String SECRET = "test-secret";

    @Inject
    Pool pool;

    @Inject
    CaseRepository cases;

    @Inject
    CaseEntities caseEntities;

    @Test
    void listEndpointsOnASeededGuild() throws Throwable {
        String guild = DiscordEvents.guild();
        pool.preparedQuery("""
                INSERT INTO mod_cases (guild_id, case_number, action, target_id, target_tag, moderator_id,
                                       moderator_tag, reason)
                SELECT $1, n, CASE WHEN n % 3 = 0 THEN 'ban' ELSE 'warn' END, (100000 + n % 500)::text, 'user',
                       '1', 'mod', 'reason ' || n
                FROM generate_series(1, $2) AS n""").execute(Tuple.of(guild, CASES)).await().indefinitely();
        pool.preparedQuery("""
                INSERT INTO audit_logs (guild_id, user_id, user_tag, action, target_type, target_id, details)
                SELECT $1, (n % 50)::text, 'mod', 'config.update', 'config', 'x', jsonb_build_object('n', n)
                FROM generate_series(1, $2) AS n""").execute(Tuple.of(guild, AUDIT_ROWS)).await().indefinitely();
        pool.query("ANALYZE mod_cases").execute().await().indefinitely();
        pool.query("ANALYZE audit_logs").execute().await().indefinitely();
        int pages = CASES / 25;

        for (int warm = 0; warm < 2; warm++) {
            int rounds = warm == 0 ? 200 : ROUNDS;
            String label = warm == 0 ? "warm-up " : "";
            Latency http = Latency.measure(rounds, () -> given().header("x-api-secret", SECRET)
                    .get("/api/v1/moderation/cases?guildId=" + guild + "&limit=25&page=" + randomPage(pages))
                    .then().statusCode(200));
            Latency panache = Latency.measure(rounds, () -> {
                int page = randomPage(pages);
                return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> {
                    var query = caseEntities.find("guildId = ?1", Sort.descending("caseNumber"), guild)
                            .page(Page.of(page - 1, 25));
                    return query.<CaseEntity>list().flatMap(list -> query.count().map(total -> list.size()));
                }));
            });
            Latency plain = Latency.measure(rounds, () -> cases.page(new CaseRepository.Filter(guild, null, null),
                    true, 25, (randomPage(pages) - 1) * 25).await().atMost(Duration.ofSeconds(10)).cases().size());
            Latency auditHttp = Latency.measure(rounds, () -> given().header("x-api-secret", SECRET)
                    .get("/api/v1/guilds/" + guild + "/audit-log?limit=25&offset="
                            + ThreadLocalRandom.current().nextInt(AUDIT_ROWS - 25))
                    .then().statusCode(200));
            Latency auditPlain = Latency.measure(rounds, () -> pool.preparedQuery("""
                    SELECT id, user_id, user_tag, action, target_type, target_id, target_tag, details::text,
                           created_at, count(*) OVER () AS total
                    FROM audit_logs WHERE guild_id = $1 ORDER BY created_at DESC, id DESC LIMIT 25 OFFSET $2""")
                    .execute(Tuple.of(guild, ThreadLocalRandom.current().nextInt(AUDIT_ROWS - 25)))
                    .await().atMost(Duration.ofSeconds(10)).size());
            System.out.printf("%scase list, %d cases, %d rounds: REST (Hibernate Reactive) %s | Panache query %s | "
                    + "plain client %s | REST p50 / plain p50 = %.2f%n", label, CASES, rounds, http, panache, plain,
                    http.medianOver(plain));
            System.out.printf("%saudit log, %d rows, %d rounds: REST (Hibernate Reactive) %s | plain client %s | "
                    + "REST p50 / plain p50 = %.2f%n", label, AUDIT_ROWS, rounds, auditHttp, auditPlain,
                    auditHttp.medianOver(auditPlain));
        }
    }

    private static int randomPage(int pages) {
        return 1 + ThreadLocalRandom.current().nextInt(pages);
    }
}
