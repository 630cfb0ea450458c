package bot.volvox.analytics.voice;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache repository of {@link VoiceSessionEntity} for the REST API. */
@ApplicationScoped
public class VoiceSessionEntities implements PanacheRepositoryBase<VoiceSessionEntity, Integer> {
}
