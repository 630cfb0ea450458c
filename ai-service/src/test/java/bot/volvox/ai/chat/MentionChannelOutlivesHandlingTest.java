package bot.volvox.ai.chat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redelivered mention waits for the claim of a replica that stopped mid-call to be abandoned (minutes) before it
 * answers, unacknowledged all that time. The platform's {@code throttled.unprocessed-record-max-age.ms} must outlast
 * {@link MentionConsumer#HANDLING_TIMEOUT}: with the connector's 60 s default the commit strategy failed the whole
 * mention channel of the surviving replica (seen in {@code TwoReplicasTest} on a loaded machine).
 */
class MentionChannelOutlivesHandlingTest {

    @Test
    void aMentionWaitingForAnAbandonedClaimDoesNotFailItsChannel() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = MentionChannelOutlivesHandlingTest.class
                .getResourceAsStream("/bot/volvox/platform/kafka/volvox-kafka-defaults.properties")) {
            defaults.load(in);
        }
        Duration maxAge = Duration.ofMillis(Long.parseLong(defaults.getProperty(
                "mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms")));
        assertThat(maxAge).isGreaterThan(MentionConsumer.HANDLING_TIMEOUT);
    }
}
