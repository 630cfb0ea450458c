package bot.volvox.scheduler.temproles;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.scheduler.claims.ClaimContext;
import bot.volvox.scheduler.claims.LeasedWork;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/** Expired temp roles: {@code REMOVE_ROLE}, then {@code removed = true} (the original never removed expired temp roles). */
@ApplicationScoped
public class TempRoleWork extends LeasedWork {
    static final String TABLE = "temp_roles";
    private static final DueRows DUE_ROWS = new DueRows(TABLE, "expires_at", "removed", false, "removed_at");

    @Inject
    ActionPublisher publisher;

    @Override
    public String kind() {
        return "temp_role";
    }

    @Override
    protected DueRows dueRows() {
        return DUE_ROWS;
    }

    @Override
    protected Uni<List<Planned>> plan(List<Row> claimed, ClaimContext context) {
        return Uni.createFrom().item(claimed.stream().map(row -> {
            long id = row.getLong("id");
            return new Planned(id, due(row), List.of(removal(id, row.getString("guild_id"), row.getString("user_id"),
                    row.getString("role_id"), "Temporary role expired")),
                    Completion.FINISHED);
        }).toList());
    }

    /** The one removal of temp role {@code id}, whether it expired or was revoked (same actionId: done once). */
    DiscordAction removal(long id, String guildId, String userId, String roleId, String reason) {
        return publisher.request(guildId, source(id), "remove", reason, new ActionParams.RemoveRole(userId, roleId));
    }

    /** The one addition of temp role {@code id}, done when it is assigned. */
    DiscordAction addition(long id, String guildId, String userId, String roleId, String reason) {
        return publisher.request(guildId, source(id), "add", reason, new ActionParams.AddRole(userId, roleId));
    }

    private static String source(long id) {
        return TABLE + ":" + id;
    }

    /** The temp role an action's {@code sourceEventId} names, or null for another source. */
    static Long rowId(String sourceEventId) {
        if (sourceEventId == null || !sourceEventId.startsWith(TABLE + ":")) {
            return null;
        }
        try {
            return Long.parseLong(sourceEventId.substring(TABLE.length() + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
