package bot.volvox.ai.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import bot.volvox.platform.guildconfig.GuildConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The service's AI providers: settings read and checked at startup (a bad one stops it, naming the variable), one
 * notice when no provider has a key, and the {@code provider:model} precedence of spec §3.2.
 */
@ApplicationScoped
public class AiProviders {
    private static final Logger LOG = Logger.getLogger(AiProviders.class);

    @Inject
    Config config;

    private final ProviderCatalog catalog = ProviderCatalog.load();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile AiClients clients;

    void onStart(@Observes StartupEvent event) {
        AiClients ready = clients();
        if (!ready.settings().anyConfigured()) {
            LOG.warnf("AI is not configured: no provider key is set (%s). Mentions are answered that AI is not "
                    + "configured on this bot.", ready.settings().providers().keySet().stream()
                            .map(AiSettings::keyVariable).sorted().collect(Collectors.joining(", ")));
        } else {
            LOG.infof("AI providers: %s; default model %s", ready.settings().providers().values(),
                    ready.settings().defaultModel().map(ModelRef::toString).orElse("(none)"));
        }
    }

    AiClients clients() {
        AiClients current = clients;
        if (current == null) {
            synchronized (this) {
                if (clients == null) {
                    clients = new AiClients(AiSettings.read(catalog,
                            name -> config.getOptionalValue(name, String.class).orElse(null)));
                }
                current = clients;
            }
        }
        return current;
    }

    public ProviderCatalog catalog() {
        return catalog;
    }

    public AiSettings settings() {
        return clients().settings();
    }

    /**
     * The model of a reply: {@code triage.respondModel}, then {@code triage.model}, then {@code AI_DEFAULT_MODEL} (or the
     * first provider with a key). A guild's value that is not {@code provider:model} or names an unknown provider is
     * skipped, with one warning per value.
     */
    public Optional<ModelRef> respondModel(GuildConfig guild) {
        return usable(guild.triage().respondModel()).or(() -> usable(guild.triage().model()))
                .or(() -> settings().defaultModel());
    }

    /** The model of vibe mode's classify step: {@code triage.classifyModel}, then {@code triage.model}, then the default. */
    public Optional<ModelRef> classifyModel(GuildConfig guild) {
        return usable(guild.triage().classifyModel()).or(() -> usable(guild.triage().model()))
                .or(() -> settings().defaultModel());
    }

    private Optional<ModelRef> usable(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<ModelRef> model = ModelRef.parse(value).filter(m -> catalog.provider(m.provider()).isPresent());
        if (model.isEmpty() && warned.add(value)) {
            LOG.warnf("Model '%s' in a guild's configuration is not provider:model with a known provider; skipped",
                    value);
        }
        return model;
    }

    /** The call; fails with {@link AiFailure} only. */
    public Uni<Completion> complete(ModelRef model, Prompt prompt, Duration timeout, boolean stream) {
        return Uni.createFrom().completionStage(() -> clients().complete(model, prompt, timeout, stream))
                .onFailure(failure -> !(failure instanceof AiFailure))
                .transform(failure -> AiClients.failure(model, failure));
    }

    @PreDestroy
    void close() {
        if (clients != null) {
            clients.close();
        }
    }
}
