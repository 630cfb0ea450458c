package bot.volvox.e2e;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.local.LocalStack;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;
import bot.volvox.platform.contract.EventPayload.SlashCommand;
import bot.volvox.platform.contract.RecordKeys;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

/**
 * Not a test: it asserts nothing about speed and prints numbers. Run it by hand on an otherwise idle machine:
 * {@code ./mvnw -B -ntp -pl e2e -am verify -Dtest=ModerationCommandBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>With the whole system running ({@link WholeSystem}: every service as its packaged jar), it publishes
 * {@code /warn} slash commands to {@code discord.interaction} exactly as the gateway publishes them (20 guilds,
 * an invoker with Administrator, DMs off so each command is one transaction: operation claim, case number, case,
 * warning, escalation check, audit row) at a fixed rate, and measures publish → moderation's follow-up action on
 * {@code discord.action}. First 10 s steps at 10, 30, 50, 100 and 200 commands/s (the highest with every command
 * answered and p99 under 250 ms is printed), then 200 commands/s for 60 s. The baseline, measured in the same run at the same rates, is the bare Kafka round
 * trip (publish → a consumer of the same broker): the floor no service can go below. Each step also prints the
 * PostgreSQL statements per /warn (moderation's {@code volvox_database_statements_total}) and the CPU milliseconds
 * each service's process spent per command; a last step runs /warn with its DM on.
 */
@Tag("benchmark")
class ModerationCommandBenchmark {

    private static final String APPLICATION_ID = "900000000000000001";
    private static final String ADMINISTRATOR = "8";
    private static final String ECHO_TOPIC = "bench.echo";
    private static final AtomicLong IDS = new AtomicLong(1_300_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L * 1000);

    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final CountDownLatch listenerAssigned = new CountDownLatch(1);

    @Test
    void slashCommandToFollowUpWithTheWholeSystemRunning() throws Exception {
        WholeSystem system = WholeSystem.get();
        String bootstrap = LocalStack.forTests().kafka().bootstrapServers();
        List<String> guilds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guilds.add(snowflake());
        }
        disableWarnDms(system, guilds);

        try (KafkaProducer<String, Object> producer = producer(bootstrap)) {
            Thread listener = new Thread(() -> listen(bootstrap), "bench-listener");
            listener.setDaemon(true);
            listener.start();
            if (!listenerAssigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the benchmark's consumer got no partitions of " + Topics.ACTION);
            }
            String invoker = snowflake();
            run(producer, guilds, invoker, 20, Duration.ofSeconds(5), false); // warm-up (JIT, pools, caches)
            int best = 0;
            for (int rate : new int[] {10, 30, 50, 100, 200}) {
                Result kafka = run(producer, guilds, invoker, rate, Duration.ofSeconds(10), true);
                Usage before = Usage.of(system);
                Result step = run(producer, guilds, invoker, rate, Duration.ofSeconds(10), false);
                print("step " + rate + "/s for 10 s", step, kafka);
                Usage.of(system).printSince(before, step.answered());
                if (step.answered() == step.sent && step.percentile(99) < 250) {
                    best = rate;
                }
            }
            System.out.printf("BENCH highest rate with p99 < 250 ms: %s%n", best == 0 ? "below 10/s" : best + "/s");
            Result kafka = run(producer, guilds, invoker, 200, Duration.ofSeconds(20), true);
            Usage before = Usage.of(system);
            Result steady = run(producer, guilds, invoker, 200, Duration.ofSeconds(60), false);
            print("steady 200/s for 60 s", steady, kafka);
            Usage.of(system).printSince(before, steady.answered());

            // the same /warn with its DM: the DM goes out with the answer (moderation README), so it must not
            // change the answer's latency; its statements are the difference
            enableWarnDms(system, guilds);
            kafka = run(producer, guilds, invoker, 50, Duration.ofSeconds(10), true);
            before = Usage.of(system);
            Result withDm = run(producer, guilds, invoker, 50, Duration.ofSeconds(10), false);
            print("with DM 50/s for 10 s", withDm, kafka);
            Usage.of(system).printSince(before, withDm.answered());
            listening.set(false);
            listener.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** The sandbox knows one guild only; the others exist as ids, so their config is set through the REST API. */
    private static void disableWarnDms(WholeSystem system, List<String> guilds) {
        for (String guild : guilds) {
            ConfigApi.patch(system.serviceUrl("moderation-service"), guild,
                    "{\"moderation\":{\"dmNotifications\":{\"warn\":false}}}");
        }
    }

    private static void enableWarnDms(WholeSystem system, List<String> guilds) {
        for (String guild : guilds) {
            ConfigApi.patch(system.serviceUrl("moderation-service"), guild,
                    "{\"moderation\":{\"dmNotifications\":{\"warn\":true}}}");
        }
    }

    /**
     * CPU time of every service's process and moderation's {@code volvox_database_statements_total}, read before and
     * after a step: per command, what each service spent and how many statements a /warn sent.
     */
    record Usage(Map<String, Duration> cpu, double statements) {
        private static final java.util.regex.Pattern STATEMENTS = java.util.regex.Pattern.compile(
                "(?m)^volvox_database_statements_total(?:\\{[^}]*\\})? ([0-9.eE+-]+)"); // an exemplar may follow

        static Usage of(WholeSystem system) {
            Map<String, Duration> cpu = new java.util.TreeMap<>();
            for (String service : system.services()) {
                cpu.put(service, system.cpuTime(service));
            }
            return new Usage(cpu, statements(system.serviceUrl("moderation-service")));
        }

        void printSince(Usage before, int commands) {
            if (commands == 0) {
                return;
            }
            StringBuilder line = new StringBuilder(String.format("BENCH   statements per /warn %.1f | CPU ms per command:",
                    (statements - before.statements) / commands));
            cpu.forEach((service, used) -> line.append(String.format(" %s %.2f", service,
                    (used.toNanos() - before.cpu.getOrDefault(service, Duration.ZERO).toNanos()) / 1e6 / commands)));
            System.out.println(line.append(String.format(" | load average %.1f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())));
        }

        private static double statements(String serviceUrl) {
            try {
                String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(serviceUrl + "/q/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                var matcher = STATEMENTS.matcher(metrics);
                return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void print(String what, Result service, Result kafka) {
        System.out.printf("BENCH %s: sent=%d answered=%d p50=%.1f ms p99=%.1f ms max=%.1f ms"
                        + " | Kafka round trip p50=%.1f ms p99=%.1f ms | ratio p50 %.1fx p99 %.1fx | load average %.1f%n",
                what, service.sent, service.answered(), service.percentile(50), service.percentile(99),
                service.percentile(100), kafka.percentile(50), kafka.percentile(99),
                service.percentile(50) / kafka.percentile(50), service.percentile(99) / kafka.percentile(99),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    record Result(int sent, List<Double> latenciesMs) {
        int answered() {
            return latenciesMs.size();
        }

        double percentile(int p) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
        }
    }

    private Result run(KafkaProducer<String, Object> producer, List<String> guilds, String invoker, int rate,
                       Duration duration, boolean echoOnly) {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long intervalNanos = 1_000_000_000L / rate;
        long count = duration.toSeconds() * rate;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String guild = guilds.get((int) (i % guilds.size()));
            DiscordEvent warn = warn(guild, invoker, snowflake());
            sentAt.put(warn.id(), System.nanoTime());
            producer.send(new ProducerRecord<>(echoOnly ? ECHO_TOPIC : Topics.INTERACTION, RecordKeys.forGuild(guild), warn));
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            Long answered = answeredAt.get(sent.getKey());
            while (answered == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
                answered = answeredAt.get(sent.getKey());
            }
            if (answered != null) {
                latencies.add((answered - sent.getValue()) / 1e6);
            }
        }
        return new Result((int) count, latencies);
    }

    /** Records when each command's follow-up (or, for the baseline, the echoed event itself) arrives. */
    private void listen(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.ACTION, ECHO_TOPIC));
            while (listening.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (consumer.assignment().size() >= 2) {
                    listenerAssigned.countDown();
                }
                for (ConsumerRecord<String, String> record : records) {
                    long now = System.nanoTime();
                    JsonNode json = readTree(record.value());
                    String source = record.topic().equals(ECHO_TOPIC) ? json.path("id").asText()
                            : json.path("origin").path("sourceEventId").asText();
                    answeredAt.putIfAbsent(source, now);
                }
            }
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return VolvoxJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable record: " + json, e);
        }
    }

    private static KafkaProducer<String, Object> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VolvoxJsonSerializer.class.getName()));
    }

    /** {@code /warn user:<target>} by an Administrator, as the gateway publishes it. */
    private static DiscordEvent warn(String guildId, String invokerId, String targetId) {
        String id = snowflake();
        Interaction interaction = new Interaction(id, APPLICATION_ID, "token-" + id, snowflake(),
                new Author(invokerId, "bench-mod", null, false, false), ADMINISTRATOR, List.of(), 10, 11, false,
                "en-US", "en-US", true, true);
        CommandOptionValue user = new CommandOptionValue("user", "USER", targetId,
                new ResolvedUser(new Author(targetId, "member", null, false, false), null, List.of(), 1, "0"),
                null, null, null);
        return DiscordEvent.of(id, Instant.now(), guildId,
                new SlashCommand(interaction, "warn", null, null, new ArrayList<>(List.of(user))));
    }

    private static String snowflake() {
        return Long.toString(IDS.incrementAndGet());
    }
}
