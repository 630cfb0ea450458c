package bot.volvox.scheduler.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import bot.volvox.platform.api.ApiErrors;
import bot.volvox.platform.api.Filter;
import bot.volvox.platform.api.ListPage;
import bot.volvox.scheduler.announcements.ScheduledMessageEntities;
import bot.volvox.scheduler.announcements.ScheduledMessageEntity;
import bot.volvox.scheduler.reminders.ReminderEntities;
import bot.volvox.scheduler.reminders.ReminderEntity;
import bot.volvox.scheduler.temproles.TempRoleEntities;
import bot.volvox.scheduler.temproles.TempRoleEntity;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * What a guild dashboard shows of scheduled work, under {@code /api/v1} with the platform's guard (secret, rate limit):
 * reminders and announcements (list, cancel) and temporary roles (list). Lists are paged ({@code page} from 1,
 * {@code limit} 1–100, default 25) and filtered by optional parameters; {@code active=false} lists the finished ones.
 */
@Path("/api/v1/guilds/{guildId}")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "apiSecret", type = SecuritySchemeType.APIKEY, apiKeyName = "x-api-secret",
        in = SecuritySchemeIn.HEADER)
@SecurityRequirement(name = "apiSecret")
public class SchedulerResource {

    @Inject
    ReminderEntities reminders;

    @Inject
    ScheduledMessageEntities announcements;

    @Inject
    TempRoleEntities tempRoles;

    @GET
    @Path("/reminders")
    @WithSession
    @Operation(summary = "Reminders of a guild, soonest first; active (default) or finished")
    public Uni<ListPage<ReminderEntity>> reminders(@PathParam("guildId") String guildId,
            @QueryParam("userId") String userId, @QueryParam("active") Boolean active,
            @QueryParam("page") Integer page, @QueryParam("limit") Integer limit) {
        Filter filter = Filter.of("guildId", ApiErrors.requireGuild(guildId)).and("userId", userId)
                .and("completed", active == null || active ? Boolean.FALSE : Boolean.TRUE);
        return page(reminders.find(filter.query(), Sort.ascending("remindAt", "id"), filter.parameters()), page,
                limit);
    }

    @DELETE
    @Path("/reminders/{id}")
    @WithTransaction
    @Operation(summary = "Cancel an active reminder (as its owner's /remind cancel would); 404 unknown, 409 finished")
    public Uni<ReminderEntity> cancelReminder(@PathParam("guildId") String guildId, @PathParam("id") int id) {
        String guild = ApiErrors.requireGuild(guildId);
        return reminders.find("guildId = ?1 and id = ?2", guild, id).firstResult().map(reminder -> {
            if (reminder == null) {
                throw ApiErrors.of(404, "Reminder #" + id + " not found in guild " + guild);
            }
            if (reminder.completed) {
                throw ApiErrors.of(409, "Reminder #" + id + " is no longer active");
            }
            reminder.completed = true;
            // a delivery in flight finishes against its lease; without one it cannot reschedule the reminder
            reminder.claimedBy = null;
            reminder.claimedUntil = null;
            return reminder;
        });
    }

    @GET
    @Path("/scheduled-messages")
    @WithSession
    @Operation(summary = "Announcements of a guild, next first; active (default) or finished")
    public Uni<ListPage<ScheduledMessageEntity>> scheduledMessages(@PathParam("guildId") String guildId,
            @QueryParam("channelId") String channelId, @QueryParam("active") Boolean active,
            @QueryParam("page") Integer page, @QueryParam("limit") Integer limit) {
        Filter filter = Filter.of("guildId", ApiErrors.requireGuild(guildId)).and("channelId", channelId)
                .and("enabled", active == null || active);
        return page(announcements.find(filter.query(), Sort.ascending("nextRun", "id"), filter.parameters()), page,
                limit);
    }

    @DELETE
    @Path("/scheduled-messages/{id}")
    @WithTransaction
    @Operation(summary = "Cancel an active announcement (as /announce cancel would); 404 unknown, 409 finished")
    public Uni<ScheduledMessageEntity> cancelScheduledMessage(@PathParam("guildId") String guildId,
            @PathParam("id") int id) {
        String guild = ApiErrors.requireGuild(guildId);
        return announcements.find("guildId = ?1 and id = ?2", guild, id).firstResult().map(announcement -> {
            if (announcement == null) {
                throw ApiErrors.of(404, "Announcement #" + id + " not found in guild " + guild);
            }
            if (!announcement.enabled) {
                throw ApiErrors.of(409, "Announcement #" + id + " is no longer active");
            }
            announcement.enabled = false;
            announcement.claimedBy = null;
            announcement.claimedUntil = null;
            return announcement;
        });
    }

    @GET
    @Path("/temp-roles")
    @WithSession
    @Operation(summary = "Temporary roles of a guild, expiring first; active (default) or removed")
    public Uni<ListPage<TempRoleEntity>> tempRoles(@PathParam("guildId") String guildId,
            @QueryParam("userId") String userId, @QueryParam("active") Boolean active,
            @QueryParam("page") Integer page, @QueryParam("limit") Integer limit) {
        Filter filter = Filter.of("guildId", ApiErrors.requireGuild(guildId)).and("userId", userId)
                .and("removed", !(active == null || active));
        return page(tempRoles.find(filter.query(), Sort.ascending("expiresAt", "id"), filter.parameters()), page,
                limit);
    }

    private static <T> Uni<ListPage<T>> page(PanacheQuery<T> query, Integer page, Integer limit) {
        int size = ApiErrors.limit(limit, 25, 100);
        int number = ApiErrors.page(page);
        PanacheQuery<T> paged = query.page(Page.of(number - 1, size));
        return paged.list().flatMap(found -> paged.count()
                .map(total -> ListPage.of(found, total, number, size)));
    }
}
