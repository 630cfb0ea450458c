package bot.volvox.scheduler.announcements;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache repository of {@link ScheduledMessageEntity} for the REST API. */
@ApplicationScoped
public class ScheduledMessageEntities implements PanacheRepositoryBase<ScheduledMessageEntity, Integer> {
}
