package bot.volvox.moderation.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.ConfigChanged;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.redis.SharedCache;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static bot.volvox.platform.testing.discord.DiscordEvents.string;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The configuration API: both write forms, validation, versions, and the same announcements as /config set. */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class ConfigApiTest extends ModerationTestBase {
    static final String SECRET = "test-secret";

    @Inject
    GuildConfigs configs;

    @Inject
    SharedCache shared;

    private static String url(String guild) {
        return "/api/v1/guilds/" + guild + "/config";
    }

    private static String etag(String guild) {
        return given().header("x-api-secret", SECRET).get(url(guild)).then().statusCode(200)
                .header("ETag", notNullValue()).extract().header("ETag");
    }

    @Test
    void aConfigPatchIsDeepMergedAnnouncedAuditedAndReadBack() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"moderation\": {\"logging\": {\"channels\": {\"bans\": \"730000000000000007\"}},"
                        + " \"dmNotifications\": {\"kick\": false}}, \"reminders\": {\"maxPerUser\": 5}}")
                .patch(url(guild)).then().statusCode(200)
                .body("moderation.logging.channels.bans", equalTo("730000000000000007"))
                .header("X-RateLimit-Limit", notNullValue()).header("ETag", notNullValue());

        given().header("x-api-secret", SECRET).get(url(guild)).then().statusCode(200)
                .body("moderation.logging.channels.bans", equalTo("730000000000000007"))
                .body("moderation.dmNotifications.kick", equalTo(false))
                // siblings keep their defaults: the patch merged, it did not replace the section
                .body("moderation.dmNotifications.ban", equalTo(true))
                .body("moderation.warnings.expiryDays", equalTo(90))
                .body("reminders.maxPerUser", equalTo(5));
        assertThat(rows("SELECT value::text FROM config WHERE guild_id = $1 AND key = 'moderation'", guild).get(0)
                .getString(0)).contains("730000000000000007").doesNotContain("expiryDays");
        assertThat(rows("SELECT details::text FROM audit_logs WHERE guild_id = $1 AND action = 'config.update'",
                guild)).singleElement().satisfies(row -> assertThat(row.getString(0))
                        .contains("\"method\": \"PATCH\"").contains("reminders.maxPerUser"));
    }

    @Test
    void theOriginalsPathValueFormSetsOneLeafAndAnswersItsSection() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"reminders.maxPerUser\", \"value\": 7}")
                .patch(url(guild)).then().statusCode(200)
                .body("maxPerUser", equalTo(7)).body("enabled", equalTo(false)).header("ETag", notNullValue());
        given().header("x-api-secret", SECRET).get(url(guild) + "/reminders.maxPerUser").then().statusCode(200)
                .body("path", equalTo("reminders.maxPerUser")).body("value", equalTo(7));
        // null is a value: it clears a setting
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"moderation.alertChannelId\", \"value\": null}")
                .patch(url(guild)).then().statusCode(200).body("alertChannelId", nullValue());

        // the bulk form: all or nothing
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("[{\"path\": \"reminders.enabled\", \"value\": true}, "
                        + "{\"path\": \"auditLog.retentionDays\", \"value\": 30}]")
                .put(url(guild)).then().statusCode(200)
                .body("reminders.enabled", equalTo(true)).body("auditLog.retentionDays", equalTo(30));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("[{\"path\": \"reminders.maxPerUser\", \"value\": 9}, "
                        + "{\"path\": \"auditLog.retentionDays\", \"value\": 0}]")
                .put(url(guild)).then().statusCode(400)
                .body("field", equalTo("[1].value")).body("path", equalTo("auditLog.retentionDays"));
        given().header("x-api-secret", SECRET).get(url(guild)).then().statusCode(200)
                .body("reminders.maxPerUser", equalTo(7)).body("auditLog.retentionDays", equalTo(30));
    }

    @Test
    void badWritesAre400NamingTheFieldAndPathAndChangeNothing() {
        String guild = DiscordEvents.guild();
        // merge patch: the field is the path
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"reminders\": {\"enabled\": true, \"maxPerUser\": 1000}}")
                .patch(url(guild)).then().statusCode(400)
                .body("path", equalTo("reminders.maxPerUser")).body("field", equalTo("reminders.maxPerUser"))
                .body("error", containsString("reminders.maxPerUser must be less than or equal to 100"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"moderation\": {\"dmNotifications\": {\"ban\": \"yes\"}}}")
                .patch(url(guild)).then().statusCode(400)
                .body("path", equalTo("moderation.dmNotifications.ban"))
                .body("error", containsString("must be a boolean"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"moderation\": {\"logging\": {\"channels\": {\"default\": \"general\"}}}}")
                .patch(url(guild)).then().statusCode(400)
                .body("path", equalTo("moderation.logging.channels.default"));
        // {path, value}: the field is path or value
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"reminders.maxPerUser\", \"value\": \"many\"}")
                .patch(url(guild)).then().statusCode(400)
                .body("field", equalTo("value")).body("path", equalTo("reminders.maxPerUser"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"reminders..maxPerUser\", \"value\": 1}")
                .patch(url(guild)).then().statusCode(400).body("field", equalTo("path"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"reminders.maxPerUser\"}")
                .patch(url(guild)).then().statusCode(400).body("field", equalTo("value"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"triage.classifyApiKey\", \"value\": \"••••••••\"}")
                .patch(url(guild)).then().statusCode(400).body("field", equalTo("value"));
        given().header("x-api-secret", SECRET).contentType("application/json").body("[]")
                .put(url(guild)).then().statusCode(400).body("field", equalTo("body"));
        given().header("x-api-secret", SECRET).contentType("application/json").body("[1, 2]")
                .patch(url(guild)).then().statusCode(400).body("field", equalTo("body"));
        // a section that can be read but not written
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"logging\": {\"level\": \"debug\"}}")
                .patch(url(guild)).then().statusCode(403).body("path", equalTo("logging.level"));
        given().header("x-api-secret", SECRET).get("/api/v1/guilds/x/config").then().statusCode(400)
                .body("field", equalTo("guildId"));

        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1", guild)).isZero();
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1", guild)).isZero();
        given().header("x-api-secret", SECRET).get(url(guild)).then().statusCode(200)
                .body("reminders.enabled", equalTo(false)).body("reminders.maxPerUser", equalTo(25));
    }

    @Test
    void anUnknownSectionOrPathIs404() {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"nosuch.setting\", \"value\": 1}")
                .patch(url(guild)).then().statusCode(404).body("path", equalTo("nosuch.setting"))
                .body("error", containsString("no section `nosuch`"));
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"nosuch\": {\"setting\": 1}}")
                .patch(url(guild)).then().statusCode(404);
        given().header("x-api-secret", SECRET).get(url(guild) + "/reminders.nosuch").then().statusCode(404)
                .body("path", equalTo("reminders.nosuch"));
        given().header("x-api-secret", SECRET).get(url(guild) + "/nosuch").then().statusCode(404);
        given().header("x-api-secret", SECRET).get(url(guild) + "/moderation.warnings.expiryDays").then()
                .statusCode(200).body("value", equalTo(90));
        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void everyConfigEndpointNeedsTheSecret() {
        String guild = DiscordEvents.guild();
        given().contentType("application/json").body("{\"reminders\": {\"enabled\": true}}")
                .patch(url(guild)).then().statusCode(401).body("error", containsString("x-api-secret"));
        given().header("x-api-secret", "wrong").contentType("application/json")
                .body("{\"path\": \"reminders.enabled\", \"value\": true}")
                .patch(url(guild)).then().statusCode(401).body("error", equalTo("Invalid API secret"));
        given().contentType("application/json").body("[{\"path\": \"reminders.enabled\", \"value\": true}]")
                .put(url(guild)).then().statusCode(401);
        given().get(url(guild)).then().statusCode(401);
        given().get(url(guild) + "/reminders").then().statusCode(401);
        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void aWriteAgainstAnOutdatedVersionIs409AndAConfigSetMovesTheVersionOn() {
        String guild = DiscordEvents.guild();
        String read = etag(guild);
        given().header("x-api-secret", SECRET).header("If-Match", read).contentType("application/json")
                .body("{\"path\": \"reminders.maxPerUser\", \"value\": 5}")
                .patch(url(guild)).then().statusCode(200);
        // a second client still holding the first version
        given().header("x-api-secret", SECRET).header("If-Match", read).contentType("application/json")
                .body("{\"path\": \"reminders.maxPerUser\", \"value\": 6}")
                .patch(url(guild)).then().statusCode(409).body("field", equalTo("If-Match"))
                .body("error", containsString("changed since"));

        // a command's write is a change too
        String current = etag(guild);
        DiscordEvent set = slash(guild, Invoker.admin(), "config", "set", string("path", "reminders.enabled"),
                string("value", "true"));
        send(set);
        assertThat(reply(set)).contains("set to `true`");
        given().header("x-api-secret", SECRET).header("If-Match", current).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 8}}")
                .patch(url(guild)).then().statusCode(409);
        // both writes of the same section are kept: the API's leaf and the command's
        given().header("x-api-secret", SECRET).get(url(guild)).then().statusCode(200)
                .body("reminders.maxPerUser", equalTo(5)).body("reminders.enabled", equalTo(true));
        given().header("x-api-secret", SECRET).header("If-Match", etag(guild)).contentType("application/json")
                .body("{\"reminders\": {\"maxPerUser\": 8}}")
                .patch(url(guild)).then().statusCode(200).body("reminders.maxPerUser", equalTo(8));
    }

    @Test
    void twoWritesOfTheSameVersionAtOnceOneWinsTheOtherIs409() throws Exception {
        String guild = DiscordEvents.guild();
        given().header("x-api-secret", SECRET).contentType("application/json")
                .body("{\"path\": \"reminders.maxPerUser\", \"value\": 5}").patch(url(guild)).then().statusCode(200);
        String read = etag(guild);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int value = 10 + i;
                writes.add(clients.submit(() -> given().header("x-api-secret", SECRET).header("If-Match", read)
                        .contentType("application/json")
                        .body("{\"path\": \"reminders.maxPerUser\", \"value\": " + value + "}")
                        .patch(url(guild)).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> write : writes) {
                statuses.add(write.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            clients.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1 AND action = 'config.update'", guild))
                .isEqualTo(2);
    }

    @Test
    void anApiWriteRefreshesEveryCacheAsAConfigSetDoes() {
        String guild = DiscordEvents.guild();
        try (KafkaConsumer<String, String> announcements = announcements()) {
            // this replica has the configuration memoized, the shared copy holds the rows
            assertThat(configs.settings(guild).await().atMost(Duration.ofSeconds(5)).reminders().maxPerUser())
                    .isEqualTo(25);
            assertThat(configs.isMemoized(guild)).isTrue();

            given().header("x-api-secret", SECRET).contentType("application/json")
                    .body("{\"path\": \"reminders.maxPerUser\", \"value\": 3}").patch(url(guild)).then()
                    .statusCode(200);

            assertThat(shared.get("config:rows:" + guild).await().atMost(Duration.ofSeconds(5)))
                    .hasValueSatisfying(rows -> assertThat(rows).contains("\"maxPerUser\":3"));
            assertThat(configs.settings(guild).await().atMost(Duration.ofSeconds(5)).reminders().maxPerUser())
                    .isEqualTo(3);
            List<ConfigChanged> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                announcements.poll(Duration.ofMillis(200)).forEach(record -> {
                    try {
                        DiscordEvent event = VolvoxJson.MAPPER.readValue(
                                record.value().getBytes(StandardCharsets.UTF_8), DiscordEvent.class);
                        if (guild.equals(event.guildId()) && event.payload() instanceof ConfigChanged changed) {
                            seen.add(changed);
                        }
                    } catch (java.io.IOException e) {
                        // another test's deliberately unreadable record
                    }
                });
                return !seen.isEmpty();
            });
            assertThat(seen).singleElement().satisfies(changed -> {
                assertThat(changed.path()).isEqualTo("reminders.maxPerUser");
                assertThat(changed.changedBy()).isEqualTo("api-secret");
            });
        }
    }

    private static KafkaConsumer<String, String> announcements() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "config-api-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(Topics.CONFIG));
        return consumer;
    }
}
