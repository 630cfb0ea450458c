package bot.volvox.moderation.warnings;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Panache repository of {@link WarningEntity} for the REST API. */
@ApplicationScoped
public class WarningEntities implements PanacheRepositoryBase<WarningEntity, Integer> {

    public Uni<WarningEntity> inGuild(String guildId, int id) {
        return find("guildId = ?1 and id = ?2", guildId, id).firstResult();
    }
}
