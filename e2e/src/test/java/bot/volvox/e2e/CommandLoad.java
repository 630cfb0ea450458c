package bot.volvox.e2e;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
 * What the command benchmarks share: slash commands published on their owners' {@code discord.interaction.<service>}
 * as the gateway publishes them, at a fixed rate, and the time from each record to the first action on {@code discord.action} that
 * names it as its source; the same records published on an echo topic give the bare Kafka round trip of the same
 * broker, the floor no service can go below.
 */
final class CommandLoad implements AutoCloseable {
    static final String APPLICATION_ID = "900000000000000001";
    static final String ADMINISTRATOR = "8";
    private static final String ECHO_TOPIC = "bench.echo";
    private static final AtomicLong IDS = new AtomicLong(1_300_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L * 1000);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /** One command to publish: its kind (the row it is reported in), its guild (the record key) and the event. */
    record Command(String kind, String guildId, DiscordEvent event) {
    }

    private final KafkaProducer<String, Object> producer;
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final CountDownLatch listenerAssigned = new CountDownLatch(1);
    private final Thread listener;

    private CommandLoad(String bootstrap) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VolvoxJsonSerializer.class.getName()));
        this.listener = new Thread(() -> listen(bootstrap), "bench-listener");
        listener.setDaemon(true);
    }

    static CommandLoad start(String bootstrap) throws InterruptedException {
        CommandLoad load = new CommandLoad(bootstrap);
        load.listener.start();
        if (!load.listenerAssigned.await(60, TimeUnit.SECONDS)) {
            load.close();
            throw new IllegalStateException("the benchmark's consumer got no partitions of " + Topics.ACTION);
        }
        return load;
    }

    /**
     * Publishes {@code rate × duration} commands ({@code next} makes the i-th) evenly spaced, on the interaction topic
     * or, for the baseline, on the echo topic, then waits for their answers; the latencies per kind, in order of
     * first appearance.
     */
    Step run(int rate, Duration duration, boolean echoOnly, LongFunction<Command> next) {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, String> kindOf = new ConcurrentHashMap<>();
        Map<String, Integer> sentPerKind = new LinkedHashMap<>();
        long intervalNanos = 1_000_000_000L / rate;
        long count = duration.toSeconds() * rate;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Command command = next.apply(i);
            sentPerKind.merge(command.kind(), 1, Integer::sum);
            kindOf.put(command.event().id(), command.kind());
            sentAt.put(command.event().id(), System.nanoTime());
            producer.send(new ProducerRecord<>(echoOnly ? ECHO_TOPIC : command.event().topic(),
                    RecordKeys.forGuild(command.guildId()), command.event()));
        }
        producer.flush();
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        sentPerKind.keySet().forEach(kind -> latencies.put(kind, new ArrayList<>()));
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            Long answered = answeredAt.get(sent.getKey());
            while (answered == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
                answered = answeredAt.get(sent.getKey());
            }
            if (answered != null) {
                latencies.get(kindOf.get(sent.getKey())).add((answered - sent.getValue()) / 1e6);
            }
        }
        Map<String, Result> byKind = new LinkedHashMap<>();
        sentPerKind.forEach((kind, sent) -> byKind.put(kind, new Result(sent, latencies.get(kind))));
        return new Step(byKind);
    }

    /** The results of one step, per command kind. */
    record Step(Map<String, Result> byKind) {
        Result all() {
            List<Double> every = new ArrayList<>();
            int sent = 0;
            for (Result result : byKind.values()) {
                every.addAll(result.latenciesMs());
                sent += result.sent();
            }
            return new Result(sent, every);
        }
    }

    record Result(int sent, List<Double> latenciesMs) {
        int answered() {
            return latenciesMs.size();
        }

        boolean allAnsweredWithin(double p99Ms) {
            return answered() == sent && percentile(99) <= p99Ms;
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

    static void print(String what, Result service, Result kafka) {
        System.out.printf("BENCH %s: sent=%d answered=%d p50=%.1f ms p99=%.1f ms max=%.1f ms"
                        + " | Kafka round trip p50=%.1f ms p99=%.1f ms | ratio p50 %.1fx p99 %.1fx | load average %.1f%n",
                what, service.sent(), service.answered(), service.percentile(50), service.percentile(99),
                service.percentile(100), kafka.percentile(50), kafka.percentile(99),
                service.percentile(50) / kafka.percentile(50), service.percentile(99) / kafka.percentile(99),
                loadAverage());
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * CPU time of every service's process, of the Kafka broker and of PostgreSQL (the server and its backends), and
     * moderation's {@code volvox_database_statements_total}, read before and after a step: per command, what each
     * process spent and how many statements moderation sent. On a machine of two cores the services share them with
     * the broker and the database, so their CPU per command is latency as soon as the cores are full.
     */
    record Usage(Map<String, Duration> cpu, double statements) {
        private static final java.util.regex.Pattern STATEMENTS = java.util.regex.Pattern.compile(
                "(?m)^volvox_database_statements_total(?:\\{[^}]*\\})? ([0-9.eE+-]+)"); // an exemplar may follow

        static Usage of(WholeSystem system) {
            Map<String, Duration> cpu = new java.util.TreeMap<>();
            for (String service : system.services()) {
                cpu.put(service, system.cpuTime(service));
            }
            LocalStack stack = LocalStack.forTests();
            cpu.put("kafka", WholeSystem.cpuTime(stack.kafka().pid(), false));
            cpu.put("postgres", WholeSystem.cpuTime(stack.postgres().pid(), true));
            return new Usage(cpu, statements(system.serviceUrl("moderation-service")));
        }

        void printSince(Usage before, int commands) {
            if (commands == 0) {
                return;
            }
            StringBuilder line = new StringBuilder(String.format(
                    "BENCH   moderation statements per command %.1f | CPU ms per command:",
                    (statements - before.statements) / commands));
            cpu.forEach((service, used) -> line.append(String.format(" %s %.2f", service,
                    (used.toNanos() - before.cpu.getOrDefault(service, Duration.ZERO).toNanos()) / 1e6 / commands)));
            System.out.println(line.append(String.format(" | load average %.1f", loadAverage())));
        }

        private static double statements(String serviceUrl) {
            try {
                // HTTP/1.1: the JDK client's h2c upgrade fails on a large response ("Frame type(10) … exceeds
                // MAX_FRAME_SIZE")
                String metrics = java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                        .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(serviceUrl + "/q/metrics")).build(),
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

    /**
     * A consumer of its own group that starts at the end of its topics and fetches without waiting for a batch to
     * fill: what a benchmark timing records from their arrival needs.
     */
    static KafkaConsumer<String, String> latestOnly(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    /** Records when each command's first action (or, for the baseline, the echoed event itself) arrives. */
    private void listen(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = latestOnly(bootstrap)) {
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

    @Override
    public void close() throws InterruptedException {
        listening.set(false);
        listener.join(Duration.ofSeconds(10).toMillis());
        producer.close();
    }

    /** A slash command by {@code invokerId} (Administrator) as the gateway publishes it. */
    static DiscordEvent slashCommand(String guildId, String invokerId, String name, String subcommand,
                                     List<CommandOptionValue> options) {
        String id = snowflake();
        Interaction interaction = new Interaction(id, APPLICATION_ID, "token-" + id, snowflake(),
                new Author(invokerId, "bench-mod", null, false, false), ADMINISTRATOR, List.of(), 10, 11, false,
                "en-US", "en-US", true, true);
        return DiscordEvent.of(id, Instant.now(), guildId,
                new SlashCommand(interaction, name, null, subcommand, new ArrayList<>(options)));
    }

    static CommandOptionValue userOption(String name, String userId) {
        return new CommandOptionValue(name, "USER", userId,
                new ResolvedUser(new Author(userId, "member", null, false, false), null, List.of(), 1, "0"),
                null, null, null);
    }

    static CommandOptionValue stringOption(String name, String value) {
        return new CommandOptionValue(name, "STRING", value, null, null, null, null);
    }

    /** {@code /warn user:<target>}. */
    static DiscordEvent warn(String guildId, String invokerId, String targetId) {
        return slashCommand(guildId, invokerId, "warn", null, List.of(userOption("user", targetId)));
    }

    static String snowflake() {
        return Long.toString(IDS.incrementAndGet());
    }
}
