package bot.volvox.platform.guildconfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.PoisonRecords;
import bot.volvox.platform.kafka.TopicCreation;
import bot.volvox.platform.kafka.VolvoxJson;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every replica of every service must see each {@code volvox.config} record (it is a broadcast, not a work queue), so
 * this reads the topic without a consumer group: it assigns itself all partitions, starts at their end (older
 * changes are already in the database) and drops the memoized configuration of the scope each record names. It
 * starts with the first configuration read, so services that never read configuration open no consumer.
 */
@ApplicationScoped
public class ConfigChangeListener {
    private static final Logger LOG = Logger.getLogger(ConfigChangeListener.class);
    private static final Duration POLL = Duration.ofMillis(200);

    @Inject
    GuildConfigs configs;

    @Inject
    MeterRegistry registry;

    private PoisonRecords poisonRecords;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    Optional<String> bootstrapServers;

    @ConfigProperty(name = "volvox.config.listen", defaultValue = "true")
    boolean enabled;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean stopping;

    /** Starts listening (once); returns when the listener is positioned, or after 5 s. */
    public void ensureStarted() {
        if (!enabled || bootstrapServers.isEmpty() || !started.compareAndSet(false, true)) {
            return;
        }
        poisonRecords = new PoisonRecords(registry);
        Thread thread = new Thread(this::run, "volvox-config-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the listener has assigned itself the topic's partitions (changes from now on are seen). */
    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        ensureStarted();
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.orElseThrow());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "volvox-config-listener");
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties)) {
            consumer = kafka;
            assign(kafka);
            while (!stopping) {
                for (ConsumerRecord<String, String> record : kafka.poll(POLL)) {
                    apply(record);
                }
            }
        } catch (WakeupException stopped) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.errorf(e, "volvox.config listener stopped; configuration changes of other replicas are seen only "
                    + "after the memory cache expires (%s)", GuildConfigs.MEMORY_TTL);
        }
    }

    private void assign(KafkaConsumer<String, String> kafka) {
        // created now, it holds only changes made since, so it is read from its beginning (see below); created up front,
        // the listener is positioned at once instead of waiting for the first write
        boolean created = TopicCreation.createIfMissing(bootstrapServers.orElseThrow(), Topics.CONFIG,
                "volvox-config-listener-admin");
        List<TopicPartition> partitions = kafka.partitionsFor(Topics.CONFIG, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        kafka.assign(partitions);
        if (created) {
            // a topic created just now holds only changes made since: all of them are newer than anything memoized
            kafka.seekToBeginning(partitions);
        } else {
            kafka.seekToEnd(partitions);
        }
        partitions.forEach(kafka::position);
        configs.invalidateLocal(GuildConfigs.GLOBAL);
        assigned.countDown();
        // lets operators (and the bad-records test) see which replicas listen: those that read configuration
        registry.gauge("volvox.config.listener.assigned", assigned, latch -> latch.getCount() == 0 ? 1 : 0);
    }

    /**
     * Every replica reads every record, so none dead-letters an unreadable one (there would be one copy per replica):
     * it is logged with where it sits and why it is skipped, counted, and all memoized configuration is dropped, so
     * whatever change it may have announced is read afresh.
     */
    private void apply(ConsumerRecord<String, String> record) {
        try {
            DiscordEvent event = VolvoxJson.MAPPER.readValue(record.value(), DiscordEvent.class);
            String scope = event.guildId() == null ? GuildConfigs.GLOBAL : event.guildId();
            // the writer replaced the shared copy before announcing; deleting it here would let a reader that loaded
            // the rows before the write store them again
            configs.invalidateLocal(scope);
            LOG.debugf("configuration of %s changed", scope);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warnf("Skipping unreadable %s[%d]@%d (%d bytes): %s; all memoized configuration dropped instead",
                    record.topic(), record.partition(), record.offset(),
                    record.value() == null ? 0 : record.value().length(),
                    reason.length() <= 300 ? reason : reason.substring(0, 300) + "…");
            poisonRecords.count(Topics.CONFIG, PoisonRecords.SKIPPED);
            configs.invalidateLocal(GuildConfigs.GLOBAL);
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        KafkaConsumer<String, String> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }
}
