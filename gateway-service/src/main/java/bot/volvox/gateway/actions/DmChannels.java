package bot.volvox.gateway.actions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;

/**
 * The DM channel of each user the bot wrote to, so that a DM is one budgeted call ({@code POST channels/{id}/messages})
 * instead of two: Discord returns the same DM channel every time it is opened, so re-opening it
 * ({@code POST users/@me/channels}) before each DM only spends the global budget. Bounded (least recently used first
 * out) and per process: a miss only costs the open again. A cached channel Discord no longer knows (10003) is
 * forgotten and opened once more.
 */
@ApplicationScoped
public class DmChannels {
    static final int UNKNOWN_CHANNEL = 10003;

    private final Map<String, PrivateChannel> byUser;

    @Inject
    public DmChannels(@ConfigProperty(name = "volvox.gateway.dm-channels.max-size", defaultValue = "10000") int maxSize) {
        byUser = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PrivateChannel> eldest) {
                return size() > maxSize;
            }
        });
    }

    /** Sends through the user's cached DM channel, opening it with {@code open} when it is not known yet. */
    public List<String> send(String userId, Function<MessageChannel, List<String>> send, Supplier<PrivateChannel> open) {
        PrivateChannel cached = byUser.get(userId);
        if (cached != null) {
            try {
                return send.apply(cached);
            } catch (DiscordFailure.Permanent e) {
                if (e.code() == null || e.code() != UNKNOWN_CHANNEL) {
                    throw e;
                }
                byUser.remove(userId, cached);
            }
        }
        PrivateChannel opened = open.get();
        byUser.put(userId, opened);
        return send.apply(opened);
    }

    int size() {
        return byUser.size();
    }
}
