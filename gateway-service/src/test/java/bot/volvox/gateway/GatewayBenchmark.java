package bot.volvox.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;

import bot.volvox.local.Checkout;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

/**
 * Not a test: measures the packaged gateway ({@code gateway-service/target/quarkus-app}) against the local stack and
 * the Discord sandbox, and prints the numbers.
 *
 * <pre>
 * ./mvnw -B -ntp -pl gateway-service -am package -DskipTests
 * ./mvnw -B -ntp -pl gateway-service exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=bot.volvox.gateway.GatewayBenchmark [-Dbench.events=5000 -Dbench.actions=500]
 * </pre>
 *
 * {@code -Dbench.gateway-jvm-options="-XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile"} passes JVM
 * options (space-separated) to the gateway's process, e.g. to profile it. {@code -Dbench.shards=2} runs the gateway
 * with two shards (each has its own JDA event thread) and sends the messages into two guilds, one on each shard.
 * {@code -Dbench.gateway-apps=dirA,dirB} measures several builds of the gateway (their {@code quarkus-app}
 * directories) one after the other in the same run, e.g. before and after a change; by default the one in
 * {@code gateway-service/target}.
 *
 * Reports: sandbox gateway → Kafka events per second and end-to-end latency p50/p99 (message sent at the sandbox →
 * record read by a plain consumer), the gateway's own publish latency (JDA event → Kafka ack, from its metrics), a
 * plain KafkaProducer's rate on the same broker for comparison, and actions per second executed against the sandbox
 * (SEND_MESSAGE: dedupe claim, REST call, outcome, result record).
 */
public final class GatewayBenchmark {
    /**
     * Threads handing messages to the sandbox ({@code -Dbench.senders}). Each waits for its message's hand-over to the
     * sandbox's context, so their number, not the sandbox's work, set its pace: 4 kept its event loop a quarter busy.
     */
    private static final int SENDERS = Integer.getInteger("bench.senders", 16);

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 3000);
        int actions = Integer.getInteger("bench.actions", 300);
        int shards = Integer.getInteger("bench.shards", 1);
        Map<String, String> stack = new VolvoxStackTestResource().start();
        // one guild per shard: the sandbox puts guild i on shard i, and the senders spread the messages over them
        DiscordSandbox discord = DiscordSandbox.start(0, shards);
        int httpPort;
        try (var socket = new ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        List<Path> apps = new ArrayList<>();
        for (String app : System.getProperty("bench.gateway-apps",
                Checkout.root().resolve("gateway-service/target/quarkus-app").toString()).split(",")) {
            apps.add(Path.of(app.trim()));
        }
        KafkaTopics.ensurePartitions(Topics.ACTION, shards);
        try {
            for (Path app : apps) {
                Process gateway = startGateway(stack, discord, httpPort, app, shards);
                try {
                    awaitReady(httpPort);
                    System.out.printf("%n== Volvox gateway benchmark (%d events, %d actions, %d shard(s), %d senders),"
                            + " %s | load average %s ==%n", events, actions, shards, SENDERS, app, loadAverage());
                    double plainRate = measurePlainProducer(events);
                    double gatewayRate = measureEvents(discord, shards, events, httpPort);
                    System.out.printf("ratio   gateway events/s to the plain producer's records/s (same broker, same "
                            + "run): %.3f | load average %s%n", gatewayRate / plainRate, loadAverage());
                    measureActions(discord, actions);
                    System.out.printf("load average at the end %s%n", loadAverage());
                } finally {
                    gateway.destroy();
                    gateway.waitFor();
                }
            }
        } finally {
            discord.close();
        }
        System.exit(0);
    }

    /** Events per second from the sandbox through the gateway onto Kafka. */
    private static double measureEvents(DiscordSandbox discord, int shards, int count, int httpPort)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        double rate;
        var sentAt = new ConcurrentHashMap<String, Long>();
        long[] latencies = new long[count];
        try (KafkaConsumer<String, byte[]> consumer = KafkaTopics.consumer(Topics.MESSAGE)) {
            consumer.poll(Duration.ofMillis(500));
            // warm-up: JIT, producer connection
            for (int i = 0; i < 200; i++) {
                discord.inGuild(i % shards).sendMessage("alice", "general", "warmup " + run + " " + i);
            }
            drain(consumer, "warmup " + run, 200, (key, at) -> { });
            long start = System.nanoTime();
            // several senders, so that the sandbox's context always has the next message to send (each call waits for
            // its hand-over to the context; one sender alone capped the sandbox below the gateway's pace)
            var senders = new ArrayList<Thread>();
            for (int t = 0; t < SENDERS; t++) {
                int first = t;
                Thread sender = new Thread(() -> {
                    for (int i = first; i < count; i += SENDERS) {
                        String key = "bench " + run + " #" + i + ";";
                        sentAt.put(key, System.nanoTime());
                        discord.inGuild(i % shards).sendMessage("alice", "general", key);
                    }
                });
                sender.start();
                senders.add(sender);
            }
            long[] sent = new long[1];
            Thread allSent = new Thread(() -> {
                for (Thread sender : senders) {
                    try {
                        sender.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                sent[0] = System.nanoTime();
            });
            allSent.start();
            int[] n = {0};
            drain(consumer, "bench " + run + " #", count, (key, at) -> latencies[n[0]++] = at - sentAt.get(key));
            long elapsed = System.nanoTime() - start;
            allSent.join();
            Arrays.sort(latencies);
            rate = count / (elapsed / 1e9);
            System.out.printf("events  sandbox → gateway → Kafka: %,d messages in %.2f s = %,.0f events/s%n", count,
                    elapsed / 1e9, count / (elapsed / 1e9));
            // the sandbox's own pace: the gateway cannot publish faster than the sandbox sends
            System.out.printf("        the sandbox sent them in %.2f s = %,.0f events/s%n", (sent[0] - start) / 1e9,
                    count / ((sent[0] - start) / 1e9));
            System.out.printf("        end-to-end latency (sandbox send → consumer): p50 %.1f ms, p99 %.1f ms%n",
                    latencies[count / 2] / 1e6, latencies[(int) (count * 0.99)] / 1e6);
        }
        String metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        metrics.lines().filter(l -> l.startsWith("volvox_gateway_publish_latency_seconds{")
                && l.contains("quantile")).forEach(l -> System.out.println("        gateway publish (JDA event → Kafka ack) "
                        + l.replaceAll(".*quantile=\"([0-9.]+)\".*} ", "p$1: ") + " s"));
        return rate;
    }

    /** The baseline: records per second of a plain KafkaProducer on the same broker. */
    private static double measurePlainProducer(int count) throws Exception {
        String topic = "bench.plain-producer";
        byte[] value = new byte[900];
        Arrays.fill(value, (byte) 'x');
        try (var producer = KafkaTopics.producer()) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>(topic, "g", value)).get();
            }
            long start = System.nanoTime();
            var futures = new ArrayList<java.util.concurrent.Future<?>>(count);
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "g", value)));
            }
            for (var future : futures) {
                future.get();
            }
            long elapsed = System.nanoTime() - start;
            System.out.printf("kafka   plain KafkaProducer, same broker, ~900 B records: %,.0f records/s%n",
                    count / (elapsed / 1e9));
            return count / (elapsed / 1e9);
        }
    }

    private static void measureActions(DiscordSandbox discord, int count) throws Exception {
        // the gateway runs an action only for a requester that reads its result: these are moderation-service's
        var origin = new Origin(OwningService.MODERATION.serviceName(), null);
        var serializer = new VolvoxJsonSerializer();
        var ids = new HashMap<String, Boolean>();
        try (KafkaConsumer<String, byte[]> results = KafkaTopics.consumer(Topics.actionResults(OwningService.MODERATION));
             var producer = KafkaTopics.producer()) {
            results.poll(Duration.ofMillis(500));
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                DiscordAction action = DiscordAction.of(UUID.randomUUID(), discord.demo().guildId(), null, origin,
                        new ActionParams.SendMessage(discord.demo().generalChannelId(),
                                ActionParams.MessageBody.text("action " + i), null));
                ids.put(action.actionId().toString(), false);
                producer.send(new ProducerRecord<>(Topics.ACTION, action.key(),
                        serializer.serialize(Topics.ACTION, action)));
            }
            producer.flush();
            int done = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (done < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                    String json = new String(record.value(), StandardCharsets.UTF_8);
                    for (String id : ids.keySet()) {
                        if (!ids.get(id) && json.contains(id)) {
                            ids.put(id, true);
                            done++;
                            break;
                        }
                    }
                }
            }
            long elapsed = System.nanoTime() - start;
            System.out.printf("actions Kafka → gateway → sandbox REST → result: %,d SEND_MESSAGE in %.2f s = %,.1f "
                    + "actions/s%n", done, elapsed / 1e9, done / (elapsed / 1e9));
        }
    }

    interface Arrival {
        void record(String key, long at);
    }

    private static void drain(KafkaConsumer<String, byte[]> consumer, String prefix, int count, Arrival arrival) {
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (seen < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                String json = new String(record.value(), StandardCharsets.UTF_8);
                int at = json.indexOf(prefix);
                if (at >= 0 && json.contains("\"message.created\"")) {
                    int end = json.indexOf(';', at);
                    arrival.record(end > 0 ? json.substring(at, end + 1) : prefix, now);
                    seen++;
                }
            }
        }
        if (seen < count) {
            throw new IllegalStateException("only " + seen + " of " + count + " events arrived");
        }
    }

    private static Process startGateway(Map<String, String> stack, DiscordSandbox discord, int httpPort, Path app,
            int shards) throws IOException {
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -pl gateway-service -am package -DskipTests");
        }
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmOptions = System.getProperty("bench.gateway-jvm-options", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Checkout.root().resolve("gateway-service/target/benchmark-gateway.log").toFile());
        builder.environment().putAll(stack);
        builder.environment().put("DISCORD_TOKEN", discord.botToken());
        builder.environment().put("DISCORD_API_BASE_URL", discord.restBaseUrl());
        builder.environment().put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("DISCORD_SHARD_TOTAL", Integer.toString(shards));
        builder.environment().put("LOG_LEVEL", "WARN");
        return builder.start();
    }

    private static void awaitReady(int httpPort) throws Exception {
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException("the gateway did not become ready; see gateway-service/target/"
                + "benchmark-gateway.log");
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private GatewayBenchmark() {
    }
}
