package bot.volvox.moderation.cases;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Panache repository of {@link CaseEntity} for the REST API (reads and edits of whole rows). */
@ApplicationScoped
public class CaseEntities implements PanacheRepositoryBase<CaseEntity, Integer> {

    public Uni<CaseEntity> byNumber(String guildId, int caseNumber) {
        return find("guildId = ?1 and caseNumber = ?2", guildId, caseNumber).firstResult();
    }
}
