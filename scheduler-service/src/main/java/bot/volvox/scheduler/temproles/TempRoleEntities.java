package bot.volvox.scheduler.temproles;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache repository of {@link TempRoleEntity} for the REST API. */
@ApplicationScoped
public class TempRoleEntities implements PanacheRepositoryBase<TempRoleEntity, Integer> {
}
