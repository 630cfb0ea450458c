package bot.volvox.analytics.engagement;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache repository of {@link UserStatsEntity} for the REST API (reads of whole rows). */
@ApplicationScoped
public class UserStatsEntities implements PanacheRepositoryBase<UserStatsEntity, UserStatsEntity.Key> {
}
