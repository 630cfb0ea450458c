package bot.volvox.analytics.ranks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Panache repository of {@link ReputationEntity} for the REST API. */
@ApplicationScoped
public class ReputationEntities implements PanacheRepositoryBase<ReputationEntity, Integer> {

    public Uni<ReputationEntity> of(String guildId, String userId) {
        return find("guildId = ?1 and userId = ?2", guildId, userId).firstResult();
    }

    /** The rank of {@code xp} in the guild as {@code /rank} shows it: 1 + the members with more XP. */
    public Uni<Long> rank(String guildId, int xp) {
        return count("guildId = ?1 and xp > ?2", guildId, xp).map(above -> above + 1);
    }
}
