package bot.volvox.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.local.LocalStack;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.contract.ActionParams.InteractionFollowup;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;
import bot.volvox.sandbox.DiscordSandbox;

import static org.awaitility.Awaitility.await;

/**
 * Not a test: it asserts nothing about speed and prints numbers. Run it by hand:
 * {@code ./mvnw -B -ntp -Pbenchmarks -pl e2e verify -Dtest=GatewayFollowUpBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Interaction follow-ups executed per second by the gateway (one replica, the whole system running): first
 * {@value #INTERACTIONS} real interactions of the sandbox ({@code /ping}, each answered by the gateway, so each token
 * is live), then {@value #FOLLOW_UPS} follow-up actions spread over them in turn, published on {@code discord.action}
 * at once, each under its own key like answers of many guilds, requested in turn by the four domain services (so
 * each result is read by its requester and by analytics-service, as every answer is), and counted as their results
 * arrive on the requesters' {@code discord.action-result.<service>}. Spreading them matters: one token is one Discord route bucket, whose requests JDA
 * sends one after the other, while real answers go to as many tokens as there are commands. The baseline in the same
 * run is the sandbox's own capacity: the same follow-ups posted straight to its REST API by an HTTP client with
 * {@value #IN_FLIGHT} requests in flight, so it is plain whether the sandbox is what limits the gateway's number.
 * Then the same follow-ups once more with the four domain services stopped (and started again after): the gateway
 * replica's own rate, without the CPU the services spend reading their results.
 */
@Tag("benchmark")
class GatewayFollowUpBenchmark {
    private static final int FOLLOW_UPS = 3_000;
    private static final int INTERACTIONS = 500;
    private static final int WAVE = 25;
    private static final int IN_FLIGHT = 64;
    private static final List<OwningService> REQUESTERS = OwningService.domainServices();

    @Test
    void followUpsPerSecondAgainstTheSandbox() throws Exception {
        WholeSystem system = WholeSystem.get();
        DiscordSandbox sandbox = system.sandbox();
        List<String> tokens = liveInteractionTokens(sandbox, INTERACTIONS);
        String applicationId = sandbox.demo().applicationId();

        sandboxDirect(sandbox, applicationId, tokens, 500); // warm-up
        double direct = sandboxDirect(sandbox, applicationId, tokens, FOLLOW_UPS);
        String bootstrap = LocalStack.forTests().kafka().bootstrapServers();
        // warm-up as long as the measured run: each domain service reads a quarter of the results, and with a short
        // warm-up their consuming code could still be interpreted (C1 compiles a method after about 200 calls) in the
        // measured run, which then counted that as their CPU per follow-up
        throughGateway(bootstrap, applicationId, tokens, FOLLOW_UPS, "warm-up");
        Map<String, Duration> cpuBefore = cpuTimes(system);
        double gateway = throughGateway(bootstrap, applicationId, tokens, FOLLOW_UPS, "measured");
        printCpuPerFollowUp(system, cpuBefore);
        // The gateway's own capacity: every result is read by ai, analytics, moderation and scheduler too, and on two
        // cores their reading takes CPU from the gateway
        List<String> domainServices = system.services().stream().filter(name -> !name.equals("gateway-service"))
                .sorted().toList();
        domainServices.forEach(system::kill);
        double alone;
        try {
            Map<String, Duration> aloneBefore = cpuTimes(system);
            alone = throughGateway(bootstrap, applicationId, tokens, FOLLOW_UPS, "domain services stopped");
            printCpuPerFollowUp(system, aloneBefore);
        } finally {
            domainServices.forEach(system::restart);
            await("the domain services to be ready again").atMost(Duration.ofMinutes(2))
                    .until(() -> system.notReady().isEmpty());
        }
        System.out.printf("BENCH follow-ups: gateway %.0f/s with the whole system, %.0f/s with the domain services"
                        + " stopped; sandbox direct %.0f/s (%d in flight) | ratio %.2f / %.2f | goal >= 500/s per replica"
                        + " | load average %.1f%n", gateway, alone, direct, IN_FLIGHT, gateway / direct, alone / direct,
                CommandLoad.loadAverage());
    }

    /**
     * {@code count} {@code /ping}s run in the sandbox as a user would, each answered by the gateway: their tokens
     * take follow-ups for 15 minutes, as real ones do. They are run in waves of {@value #WAVE}: all at once, the
     * deferrals of the last ones missed Discord's 3 s on the loaded machine, and such an interaction takes no answer.
     */
    private static List<String> liveInteractionTokens(DiscordSandbox sandbox, int count) {
        long start = System.nanoTime();
        List<String> tokens = new java.util.ArrayList<>(count);
        int run = 0;
        while (tokens.size() < count && run < 3 * count) {
            List<String> wave = new java.util.ArrayList<>(WAVE);
            for (int i = 0; i < WAVE; i++, run++) {
                wave.add(sandbox.runSlashCommand("owner", "general", "ping", Map.of()));
            }
            Set<String> pending = new java.util.HashSet<>(wave);
            long waveDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < waveDeadline) {
                pending.removeIf(id -> {
                    var state = sandbox.interaction(id);
                    if (state.originalContent() != null) {
                        tokens.add(state.token());
                        return true;
                    }
                    return state.rejectedCallbacks() > 0;
                });
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        System.out.printf("BENCH   %d /ping interactions run, %d answered, in %.2f s | load average %.1f%n", run,
                tokens.size(), (System.nanoTime() - start) / 1e9, CommandLoad.loadAverage());
        if (tokens.isEmpty()) {
            throw new IllegalStateException("the gateway answered none of " + run + " /pings");
        }
        return tokens.subList(0, Math.min(count, tokens.size()));
    }

    private static Map<String, Duration> cpuTimes(WholeSystem system) {
        Map<String, Duration> times = new java.util.TreeMap<>();
        system.services().forEach(service -> times.put(service, system.cpuTime(service)));
        return times;
    }

    /** CPU milliseconds per follow-up of each running service since {@code before} (a stopped one has none). */
    private static void printCpuPerFollowUp(WholeSystem system, Map<String, Duration> before) {
        StringBuilder line = new StringBuilder("BENCH   CPU ms per follow-up:");
        cpuTimes(system).forEach((service, now) -> {
            Duration used = now.minus(before.getOrDefault(service, Duration.ZERO));
            if (!now.isZero() && !used.isNegative()) {
                line.append(String.format(" %s %.2f", service, used.toNanos() / 1e6 / FOLLOW_UPS));
            }
        });
        System.out.println(line.append(String.format(" | load average %.1f", CommandLoad.loadAverage())));
    }

    /** Follow-ups posted straight to the sandbox: its capacity, the ceiling of any gateway number against it. */
    private static double sandboxDirect(DiscordSandbox sandbox, String applicationId, List<String> tokens, int count)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            URI uri = URI.create(sandbox.restBaseUrl() + "webhooks/" + applicationId + "/"
                    + tokens.get(i % tokens.size()));
            CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"bench " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            sent.whenComplete((response, error) -> {
                if (response != null && response.statusCode() < 300) {
                    ok.incrementAndGet();
                }
                inFlight.release();
                done.countDown();
            });
        }
        done.await(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = count / seconds;
        System.out.printf("BENCH   sandbox direct: %d follow-ups (%d answered 2xx) in %.2f s = %.0f/s | load average %.1f%n",
                count, ok.get(), seconds, rate, CommandLoad.loadAverage());
        return rate;
    }

    /** Follow-up actions published at once; the rate is results counted over the time from first publish to last. */
    private static double throughGateway(String bootstrap, String applicationId, List<String> tokens, int count,
            String what)
            throws InterruptedException {
        Set<String> expected = ConcurrentHashMap.newKeySet();
        Map<String, String> statuses = new ConcurrentHashMap<>();
        CountDownLatch assigned = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(count);
        long[] lastResultAt = new long[1];
        // stopped by this flag, not by an interrupt: an interrupt that reaches the consumer while it closes is
        // thrown as Kafka's InterruptException from the listener (seen once)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread listener = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = CommandLoad.latestOnly(bootstrap)) {
                consumer.subscribe(Topics.ACTION_RESULTS);
                while (done.getCount() > 0 && !stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    if (!consumer.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                    for (ConsumerRecord<String, String> record : records) {
                        JsonNode json = readTree(record.value());
                        String actionId = json.path("actionId").asText();
                        if (expected.contains(actionId) && statuses.putIfAbsent(actionId, json.path("status").asText()) == null) {
                            lastResultAt[0] = System.nanoTime();
                            done.countDown();
                        }
                    }
                }
            }
        }, "bench-results");
        listener.setDaemon(true);
        listener.start();
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the benchmark's consumer got no partitions of " + Topics.ACTION_RESULTS);
        }
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VolvoxJsonSerializer.class.getName()))) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                UUID actionId = UUID.randomUUID();
                expected.add(actionId.toString());
                DiscordAction action = DiscordAction.of(actionId, null, null,
                        new Origin(REQUESTERS.get(i % REQUESTERS.size()).serviceName(), "bench-" + actionId, null),
                        new InteractionFollowup(applicationId, tokens.get(i % tokens.size()),
                                MessageBody.text("bench " + i), false, null, false));
                producer.send(new ProducerRecord<>(Topics.ACTION, action.key(), action));
            }
            producer.flush();
            boolean all = done.await(5, TimeUnit.MINUTES);
            stop.set(true);
            listener.join(Duration.ofSeconds(30).toMillis());
            double seconds = ((all ? lastResultAt[0] : System.nanoTime()) - start) / 1e9;
            double rate = statuses.size() / seconds;
            Map<String, Long> byStatus = new java.util.TreeMap<>();
            statuses.values().forEach(status -> byStatus.merge(status, 1L, Long::sum));
            System.out.printf("BENCH   gateway (%s): %d follow-up actions, %d results %s in %.2f s = %.0f/s"
                    + " | load average %.1f%n", what, count, statuses.size(), byStatus, seconds, rate,
                    CommandLoad.loadAverage());
            return rate;
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return VolvoxJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable record: " + json, e);
        }
    }
}
