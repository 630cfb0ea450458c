package bot.volvox.moderation.audit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Panache repository of {@link AuditEntryEntity}: the audit log as the REST API lists it and records API edits. */
@ApplicationScoped
public class AuditEntries implements PanacheRepositoryBase<AuditEntryEntity, Integer> {
}
