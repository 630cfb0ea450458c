package bot.volvox.scheduler.reminders;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache repository of {@link ReminderEntity} for the REST API. */
@ApplicationScoped
public class ReminderEntities implements PanacheRepositoryBase<ReminderEntity, Integer> {
}
