package bot.volvox.moderation.audit;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class AuditRetentionTest extends ModerationTestBase {

    @Inject
    AuditRetention retention;

    private void insert(String guild, int daysAgo, int rows) {
        rows("""
                INSERT INTO audit_logs (guild_id, user_id, action, created_at)
                SELECT $1, 'someone', 'test.retention', now() - $2::int * interval '1 day' - interval '1 minute'
                  FROM generate_series(1, $3)""", guild, daysAgo, rows);
    }

    @Test
    void rowsOlderThanTheGlobalRetentionAreDeletedInBatchesAndNewerOnesKept() {
        String guild = DiscordEvents.guild();
        insert(guild, 91, AuditRetention.BATCH + 7);
        insert(guild, 89, 3);
        insert(guild, 0, 2);

        long purged = retention.purge().await().atMost(Duration.ofSeconds(60));

        assertThat(purged).isGreaterThanOrEqualTo(AuditRetention.BATCH + 7);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1", guild)).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1 AND created_at < now() - interval '90 days'",
                guild)).isZero();
    }
}
