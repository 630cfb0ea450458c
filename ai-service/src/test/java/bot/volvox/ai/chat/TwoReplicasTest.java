package bot.volvox.ai.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AiTestBase;
import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.ai.testing.PartitionedMessages;
import bot.volvox.ai.testing.SecondReplica;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas in one consumer group (this Quarkus app and the packaged service as a second process) on a
 * {@code discord.message} with several partitions, mentions from several guilds arriving all along, and two
 * rebalances in the middle (the second replica joins, then leaves, SIGTERM): every mention is answered, and exactly
 * once (one reply, one answer text), whichever replica held its guild when it arrived or was redelivered.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PartitionedMessages.class, restrictToAnnotatedClass = true)
class TwoReplicasTest extends AiTestBase {
    static final String BOT = MentionTest.BOT;

    @Test
    void twoReplicasNeverAnswerOneMessageTwiceAcrossRebalances() throws Exception {
        // slow enough answers that mentions are in flight (claimed, not yet committed) while partitions move
        model.latency(Duration.ofMillis(300));
        List<String> guilds = IntStream.range(0, 8).mapToObj(i -> DiscordEvents.guild()).toList();
        List<DiscordEvent> sent = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            DiscordEvent mention = DiscordEvents.message(guilds.get(i % guilds.size()), DiscordEvents.snowflake(),
                    DiscordEvents.snowflake(), "<@" + BOT + "> replica question " + i + " end", List.of(BOT),
                    List.of());
            sent.add(mention);
            gateway.publish(mention);
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            await().atMost(WAIT).until(() -> sent.size() >= 20);
            try (SecondReplica second = SecondReplica.start(BOT)) {
                second.awaitMessagePartitionsSpreadOver(2);
                int joined = sent.size();
                await().atMost(WAIT).until(() -> sent.size() >= joined + 30);
            } // the second replica leaves: its guilds move back here, with whatever it had not committed
            int left = sent.size();
            await().atMost(WAIT).until(() -> sent.size() >= left + 20);
        } finally {
            publisher.shutdownNow();
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofMinutes(4)).until(() -> sent.stream().allMatch(event -> !replies(event).isEmpty()));
        List<RecordedRequest> requests = model.requests();
        for (DiscordEvent event : sent) {
            String text = ((bot.volvox.platform.contract.EventPayload.MessageCreated) event.payload()).message()
                    .content().replace("<@" + BOT + "> ", "");
            assertThat(replies(event)).as("distinct replies to %s", text).hasSize(1);
            assertThat(gateway.actionsOf(event.id()).stream().map(DiscordAction::params)
                    .filter(ActionParams.SendMessage.class::isInstance).distinct()).as("answers to %s", text).hasSize(1);
            List<RecordedRequest> calls = requests.stream().filter(request -> request.body().contains(text)).toList();
            // A replica stopped mid-call loses that call's answer (its database pool closes before the call ends):
            // the message is then answered by the other replica once the claim is abandoned, more calls (each
            // redelivery that finds the claim abandoned calls the model), but one stored, one sent answer.
            assertThat(calls).as("model calls for %s", text).isNotEmpty();
            if (calls.size() > 1) {
                assertThat(calls).as("the lost call of %s was the stopping replica's", text)
                        .anyMatch(call -> SecondReplica.API_KEY.equals(call.apiKey()));
            }
        }
        Map<String, Long> callsByReplica = requests.stream()
                .collect(Collectors.groupingBy(RecordedRequest::apiKey, Collectors.counting()));
        assertThat(callsByReplica).as("both replicas answered some").containsKey(SecondReplica.API_KEY).hasSize(2);
    }

    private Set<java.util.UUID> replies(DiscordEvent event) {
        return gateway.actionsOf(event.id()).stream().filter(action -> action.params() instanceof ActionParams.SendMessage)
                .map(DiscordAction::actionId).collect(Collectors.toSet());
    }
}
