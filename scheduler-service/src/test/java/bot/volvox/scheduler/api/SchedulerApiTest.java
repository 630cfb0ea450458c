package bot.volvox.scheduler.api;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.scheduler.Db;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The scheduler's REST API on the real stack: lists, filters, cancellation, and the platform's guard. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
class SchedulerApiTest {
    static final String SECRET = "test-secret";

    @Inject
    Pool pool;

    Db db;
    String guild;

    @BeforeEach
    void setUp() {
        db = new Db(pool);
        guild = DiscordEvents.guild();
    }

    @Test
    void remindersAreListedSoonestFirstFilteredAndCancelledOnce() {
        int later = reminder("u1", "2 days", "water the plants");
        int sooner = reminder("u1", "1 day", "call mum");
        reminder("u2", "3 days", "someone else's");

        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/reminders?userId=u1").then()
                .statusCode(200).body("total", equalTo(2)).body("items.id", contains(sooner, later))
                .body("items[0].message", equalTo("call mum")).body("items[0].claimedBy", nullValue());
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/reminders?limit=1&page=3").then()
                .statusCode(200).body("total", equalTo(3)).body("pages", equalTo(3)).body("items[0].userId",
                        equalTo("u2"));

        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + guild + "/reminders/" + sooner).then()
                .statusCode(200).body("completed", equalTo(true));
        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + guild + "/reminders/" + sooner).then()
                .statusCode(409).body("error", containsString("no longer active"));
        assertThat(db.row("SELECT completed FROM reminders WHERE id = $1", sooner).getBoolean(0)).isTrue();
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/reminders?active=false").then()
                .statusCode(200).body("items.id", contains(sooner));
        // another guild's reminder is not found through this guild
        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + DiscordEvents.guild() + "/reminders/"
                + later).then().statusCode(404);
        assertThat(db.row("SELECT completed FROM reminders WHERE id = $1", later).getBoolean(0)).isFalse();
    }

    @Test
    void announcementsAreListedAndCancelledAndTempRolesListed() {
        int announcement = db.row("""
                INSERT INTO scheduled_messages (guild_id, channel_id, content, embed_json, cron_expression, next_run,
                                                author_id)
                VALUES ($1, 'c1', 'standup', '{"title": "Daily"}'::jsonb, '0 9 * * *', now() + interval '1 hour', 'a')
                RETURNING id""", guild).getInteger(0);
        db.row("""
                INSERT INTO temp_roles (guild_id, user_id, user_tag, role_id, role_name, moderator_id, moderator_tag,
                                        duration, expires_at)
                VALUES ($1, 'u1', 'bob', 'r1', 'Muted', 'm', 'mod', '1h', now() + interval '1 hour') RETURNING id""",
                guild);

        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/scheduled-messages").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].embedJson.title", equalTo("Daily"))
                .body("items[0].cronExpression", equalTo("0 9 * * *"));
        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + guild + "/scheduled-messages/"
                + announcement).then().statusCode(200).body("enabled", equalTo(false));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/scheduled-messages").then()
                .statusCode(200).body("total", equalTo(0));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/temp-roles?userId=u1").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].roleName", equalTo("Muted"));
    }

    @Test
    void theGuardAndBadParametersAnswerClearly() {
        given().get("/api/v1/guilds/" + guild + "/reminders").then().statusCode(401)
                .body("error", containsString("x-api-secret"));
        given().header("x-api-secret", "wrong").delete("/api/v1/guilds/" + guild + "/reminders/1").then()
                .statusCode(401);
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/reminders?limit=101").then()
                .statusCode(400).body("field", equalTo("limit"));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/" + guild + "/temp-roles?page=0").then()
                .statusCode(400).body("field", equalTo("page"));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/not-a-guild/scheduled-messages").then()
                .statusCode(400).body("field", equalTo("guildId"));
        given().header("x-api-secret", SECRET).delete("/api/v1/guilds/" + guild + "/scheduled-messages/999999")
                .then().statusCode(404);
    }

    private int reminder(String user, String in, String message) {
        return db.row("""
                INSERT INTO reminders (guild_id, user_id, channel_id, message, remind_at)
                VALUES ($1, $2, 'c1', $3, now() + $4::text::interval) RETURNING id""", guild, user, message, in)
                .getInteger(0);
    }
}
