package bot.volvox.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;

class DeadLetterUnlessStoppingTest {

    private final List<String> deadLettered = new ArrayList<>();
    private final KafkaFailureHandler deadLetters = new KafkaFailureHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            deadLettered.add(record.getTopic() + "@" + record.getOffset() + ": " + reason.getMessage());
            return Uni.createFrom().voidItem();
        }
    };
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final DeadLetterUnlessStopping.Handler handler = new DeadLetterUnlessStopping.Handler(deadLetters, stopping::get);

    @Test
    void aFailingRecordGoesToTheDeadLetterTopicWhileRunning() {
        UniAssertSubscriber<Void> nack = handler.handle(record(7), new IllegalArgumentException("bad option"), Metadata.empty())
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        nack.assertCompleted();
        assertThat(deadLettered).containsExactly("discord.interaction@7: bad option");
    }

    @Test
    void aRecordFailingWhileTheServiceStopsIsLeftUnacknowledgedForRedelivery() {
        stopping.set(true);

        UniAssertSubscriber<Void> nack = handler.handle(record(8), new IllegalStateException("Pool closed"), Metadata.empty())
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        nack.assertNotTerminated();
        assertThat(deadLettered).isEmpty();
    }

    private static IncomingKafkaRecord<String, String> record(long offset) {
        return new IncomingKafkaRecord<>(new ConsumerRecord<>("discord.interaction", 0, offset, "guild:1", "{}"),
                "interactions", 0, null, null, false, false);
    }
}
