package bot.volvox.moderation.cases;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Panache repository of {@link ScheduledActionEntity}: a case's scheduled actions for the REST API. */
@ApplicationScoped
public class ScheduledActionEntities implements PanacheRepositoryBase<ScheduledActionEntity, Integer> {

    public Uni<List<ScheduledActionEntity>> ofCase(int caseId) {
        return list("caseId", Sort.ascending("id"), caseId);
    }
}
