package bot.volvox.gateway.discord;

import java.util.EnumSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.gateway.actions.GlobalRequestBudget;
import bot.volvox.platform.config.InvalidSettingException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import okhttp3.OkHttpClient;

/**
 * The gateway's Discord sessions: one per owned shard ({@code DISCORD_SHARD_IDS} of {@code DISCORD_SHARD_TOTAL}),
 * managed by JDA's ShardManager, which also reconnects and resumes them.
 */
@ApplicationScoped
public class DiscordConnection {
    private static final Logger LOG = Logger.getLogger(DiscordConnection.class);

    public static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MEMBERS,
            GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT, GatewayIntent.GUILD_VOICE_STATES,
            GatewayIntent.GUILD_MESSAGE_REACTIONS);
    // GUILDS is not a JDA GatewayIntent constant: JDA always sends it.

    /** What the gateway keeps: voice states (to tell join/leave/move apart) and member overrides. */
    private static final EnumSet<CacheFlag> CACHED = EnumSet.of(CacheFlag.VOICE_STATE, CacheFlag.MEMBER_OVERRIDES);

    @Inject
    DiscordSettings settings;

    @Inject
    Instance<EventListener> listeners;

    @Inject
    GlobalRequestBudget globalBudget;

    private volatile ShardManager shards;
    private volatile List<Integer> ownedShards = List.of();

    static {
        // No message the gateway sends may ping @everyone, @here or a role; replies do not ping their author.
        MessageRequest.setDefaultMentions(EnumSet.of(Message.MentionType.USER));
        MessageRequest.setDefaultMentionRepliedUser(false);
    }

    void start(@Observes StartupEvent startup) {
        String token = settings.token().filter(t -> !t.isBlank()).orElseThrow(
                () -> new InvalidSettingException("DISCORD_TOKEN", "is not set: the gateway needs the bot token"));
        int total = ShardRange.total(settings.shardTotal().orElse(null));
        ownedShards = ShardRange.owned(settings.shardIds().orElse(null), total, settings.replicas().orElse(null),
                settings.podName().orElse(null));
        var builder = DefaultShardManagerBuilder.create(token, INTENTS)
                .setShardsTotal(total)
                .setShards(ownedShards)
                .setMemberCachePolicy(MemberCachePolicy.ALL)
                .setChunkingFilter(ChunkingFilter.NONE)
                .disableCache(EnumSet.complementOf(CACHED))
                .setEnableShutdownHook(false)
                // DiscordCalls retries timeouts itself; two layers would multiply the requests of one call
                .setRequestTimeoutRetry(false)
                .setHttpClientBuilder(new OkHttpClient.Builder().addInterceptor(globalBudget))
                .addEventListeners(listeners.stream().map(Object.class::cast).toList());
        settings.apiBaseUrl().ifPresent(url -> builder.setRestConfig(new RestConfig().setBaseUrl(url)));
        settings.gatewayUrl().ifPresent(url -> builder
                .setSessionController(new FixedGatewaySessionController(url))
                .setCompression(Compression.NONE));
        try {
            shards = builder.build();
        } catch (InvalidTokenException e) {
            // JDA's message never contains the token; ours must not either.
            throw new InvalidSettingException("DISCORD_TOKEN", "was rejected by Discord (401 Unauthorized)");
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("DISCORD_TOKEN", "is not a valid bot token");
        }
        LOG.infof("Connecting shards %s of %d", ownedShards, total);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (shards != null) {
            shards.shutdown();
        }
    }

    /** The running shard manager. */
    public ShardManager shards() {
        if (shards == null) {
            throw new IllegalStateException("Discord is not connected yet");
        }
        return shards;
    }

    /** Any connected session, for REST calls that belong to no particular shard. */
    public JDA anySession() {
        return shards().getShardCache().stream().filter(jda -> jda.getStatus() == JDA.Status.CONNECTED)
                .findFirst().orElseGet(() -> shards().getShards().get(0));
    }

    public List<Integer> ownedShards() {
        return ownedShards;
    }

    public boolean allOwnedShardsConnected() {
        ShardManager current = shards;
        return current != null && ownedShards.stream().allMatch(id -> {
            JDA shard = current.getShardById(id);
            return shard != null && shard.getStatus() == JDA.Status.CONNECTED;
        });
    }
}
