package bot.volvox.analytics.replay;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import bot.volvox.platform.api.ApiErrors;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The operator's way to rebuild the statistics from Kafka ({@link Replay}). Behind the API secret like every
 * {@code /api/v1} path; it empties the analytics tables first, so it asks for an explicit confirmation.
 */
@Path("/api/v1/admin/analytics/replay")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {
    static final String CONFIRMATION = "empty-and-rebuild";

    @Inject
    Replay replay;

    @POST
    @Operation(summary = "Empty user_stats, reputation, voice_sessions and command_usage and rebuild them from the "
            + "retained Kafka topics (run with one replica; data older than the topics' retention is lost)")
    @SecurityRequirement(name = "apiSecret")
    @APIResponse(responseCode = "200", description = "What was applied")
    @APIResponse(responseCode = "400", description = "confirm is not " + CONFIRMATION)
    @APIResponse(responseCode = "409", description = "A replay is already running")
    public Uni<Replay.Report> replay(@Parameter(description = "must be " + CONFIRMATION) @QueryParam("confirm")
            String confirm) {
        if (!CONFIRMATION.equals(confirm)) {
            throw ApiErrors.badField("confirm", "confirm must be " + CONFIRMATION
                    + ": the replay empties the analytics tables before rebuilding them");
        }
        return Uni.createFrom().item(() -> {
            try {
                return replay.rebuild();
            } catch (IllegalStateException running) {
                throw ApiErrors.of(409, running.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
