package bot.volvox.moderation.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.guildconfig.GuildConfigs;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;

/** Panache repository of {@link AuditEntryEntity}: the audit log as the REST API lists it and records API edits. */
@ApplicationScoped
public class AuditEntries implements PanacheRepositoryBase<AuditEntryEntity, Integer> {
    /** Who changed something through the API (the secret is the only credential). */
    public static final String API_CLIENT = "api-secret";

    @Inject
    GuildConfigs configs;

    /**
     * Records a change made through the API in the current transaction, unless the guild turned its audit log off
     * ({@code auditLog.enabled}, as configured before the change).
     */
    public Uni<Void> apiChange(String guild, String action, String targetType, String targetId,
            Map<String, Object> details) {
        return configs.settings(guild).flatMap(config -> {
            if (!config.auditLog().enabled()) {
                return Uni.createFrom().voidItem();
            }
            AuditEntryEntity entry = new AuditEntryEntity();
            entry.guildId = guild;
            entry.userId = API_CLIENT;
            entry.userTag = API_CLIENT;
            entry.action = action;
            entry.targetType = targetType;
            entry.targetId = targetId;
            entry.details = Json.encode(details);
            return persist(entry).replaceWithVoid();
        });
    }
}
