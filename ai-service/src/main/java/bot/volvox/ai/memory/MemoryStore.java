package bot.volvox.ai.memory;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import bot.volvox.platform.config.InvalidSettingException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The memory store as the rest of the service uses it (spec §3.7): configured by {@code MEM0_API_KEY} (and
 * {@code MEM0_BASE_URL}), and honouring {@code memory_optouts} everywhere: an opted-out member gets no memory
 * context and nothing of theirs is stored. Context and storing never hold up or fail an answer: failures are logged
 * and the answer goes on without memory.
 */
@ApplicationScoped
public class MemoryStore {
    private static final Logger LOG = Logger.getLogger(MemoryStore.class);
    static final String DEFAULT_BASE_URL = "https://api.mem0.ai";
    static final int MAX_CONTEXT = 5;
    static final int MAX_CONTEXT_CHARS = 2000;

    @Inject
    Pool pool;

    @ConfigProperty(name = "MEM0_API_KEY")
    Optional<String> key;
    @ConfigProperty(name = "MEM0_BASE_URL", defaultValue = DEFAULT_BASE_URL)
    String baseUrl;

    private volatile Mem0Client client;

    /** A store URL that cannot work stops the service at startup, naming the variable. */
    void onStart(@Observes StartupEvent event) {
        if (key.filter(k -> !k.isBlank()).isEmpty()) {
            return;
        }
        try {
            URI uri = URI.create(baseUrl);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new InvalidSettingException("MEM0_BASE_URL", "must be an http(s) URL, got '" + baseUrl + "'");
    }

    public Optional<Mem0Client> client() {
        if (key.filter(k -> !k.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        if (client == null) {
            client = new Mem0Client(baseUrl, key.get().trim());
        }
        return Optional.of(client);
    }

    public Uni<Boolean> isOptedOut(String userId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM memory_optouts WHERE user_id = $1)")
                .execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** "What you know about <name>: …" for the system prompt, or empty (no store, opted out, nothing, failure). */
    public Uni<String> context(String userId, String name, String text) {
        Optional<Mem0Client> store = client();
        if (store.isEmpty()) {
            return Uni.createFrom().item("");
        }
        return isOptedOut(userId).flatMap(out -> out ? Uni.createFrom().item("")
                : Uni.createFrom().completionStage(() -> store.get().search(userId, text))
                        .map(found -> render(name, found))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Memory context for %s unavailable: %s", userId, failure.getMessage());
                            return "";
                        }));
    }

    static String render(String name, List<Mem0Client.Memory> memories) {
        if (memories.isEmpty()) {
            return "";
        }
        String text = "What you know about " + name + ":\n" + memories.stream().limit(MAX_CONTEXT)
                .map(memory -> "- " + memory.text()).collect(Collectors.joining("\n"));
        return text.length() <= MAX_CONTEXT_CHARS ? text : text.substring(0, MAX_CONTEXT_CHARS);
    }

    /** Stores the exchange for the store to learn from, unless the member opted out; never fails the caller. */
    public Uni<Void> remember(String userId, String userText, String answer) {
        Optional<Mem0Client> store = client();
        if (store.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return isOptedOut(userId).flatMap(out -> out ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(() -> store.get().add(userId, userText, answer)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Memory of %s not stored: %s", userId, failure.getMessage());
                    return null;
                });
    }
}
