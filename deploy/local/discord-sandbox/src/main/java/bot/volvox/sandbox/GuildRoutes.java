package bot.volvox.sandbox;

import bot.volvox.sandbox.Entities.Member;
import bot.volvox.sandbox.Entities.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The guild, its channels and roles, members (timeouts, nicknames, roles, kicks) and bans. */
final class GuildRoutes {
    private final SandboxState state;
    private final PermissionCalculator permissions;

    GuildRoutes(SandboxState state) {
        this.state = state;
        this.permissions = state.permissions;
    }

    void register(RestApi.Routes routes) {
        routes.bot("GET", "guilds/{guild_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            return state.json.guild();
        });
        routes.bot("GET", "guilds/{guild_id}/channels", call -> {
            state.requireGuild(call.id("guild_id"));
            JsonArray channels = new JsonArray();
            state.channels.values().stream().filter(channel -> !channel.isDm())
                    .forEach(channel -> channels.add(state.json.channel(channel)));
            return channels;
        });
        routes.bot("GET", "guilds/{guild_id}/roles", call -> {
            state.requireGuild(call.id("guild_id"));
            JsonArray roles = new JsonArray();
            state.roles.values().forEach(role -> roles.add(state.json.role(role)));
            return roles;
        });
        routes.bot("GET", "guilds/{guild_id}/members", call -> {
            state.requireGuild(call.id("guild_id"));
            int limit = Integer.parseInt(call.query().get("limit") == null ? "1" : call.query().get("limit"));
            long after = Long.parseLong(call.query().get("after") == null ? "0" : call.query().get("after"));
            JsonArray members = new JsonArray();
            state.members.values().stream().filter(member -> member.userId() > after)
                    .sorted((a, b) -> Long.compare(a.userId(), b.userId())).limit(limit)
                    .forEach(member -> members.add(state.json.member(member, true)));
            return members;
        });
        routes.bot("GET", "guilds/{guild_id}/members/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            return state.json.member(state.requireMember(call.id("user_id")), true);
        });
        routes.bot("PATCH", "guilds/{guild_id}/members/{user_id}", this::modifyMember);
        routes.bot("DELETE", "guilds/{guild_id}/members/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            long userId = call.id("user_id");
            state.requireMember(userId);
            permissions.requireBotInGuild(Permissions.KICK_MEMBERS);
            permissions.requireBotAbove(userId);
            state.removeMember(userId);
            return null;
        });
        routes.bot("PUT", "guilds/{guild_id}/members/{user_id}/roles/{role_id}", call -> changeRole(call, true));
        routes.bot("DELETE", "guilds/{guild_id}/members/{user_id}/roles/{role_id}", call -> changeRole(call, false));
        routes.bot("GET", "guilds/{guild_id}/bans", call -> {
            state.requireGuild(call.id("guild_id"));
            permissions.requireBotInGuild(Permissions.BAN_MEMBERS);
            JsonArray bans = new JsonArray();
            state.bans.keySet().forEach(userId -> bans.add(state.json.ban(userId)));
            return bans;
        });
        routes.bot("GET", "guilds/{guild_id}/bans/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            permissions.requireBotInGuild(Permissions.BAN_MEMBERS);
            if (!state.bans.containsKey(call.id("user_id"))) {
                throw DiscordApiException.unknownBan();
            }
            return state.json.ban(call.id("user_id"));
        });
        routes.bot("PUT", "guilds/{guild_id}/bans/{user_id}", this::ban);
        routes.bot("DELETE", "guilds/{guild_id}/bans/{user_id}", call -> {
            state.requireGuild(call.id("guild_id"));
            permissions.requireBotInGuild(Permissions.BAN_MEMBERS);
            if (!state.bans.containsKey(call.id("user_id"))) {
                throw DiscordApiException.unknownBan();
            }
            state.unban(call.id("user_id"));
            return null;
        });
    }

    private Object ban(RestApi.Call call) {
        state.requireGuild(call.id("guild_id"));
        long userId = call.id("user_id");
        state.requireUser(userId);
        permissions.requireBotInGuild(Permissions.BAN_MEMBERS);
        if (state.members.containsKey(userId)) {
            permissions.requireBotAbove(userId);
        }
        int deleteSeconds = call.body().getInteger("delete_message_seconds", 0);
        if (deleteSeconds < 0 || deleteSeconds > 604800) {
            throw DiscordApiException.invalidForm("delete_message_seconds", "NUMBER_TYPE_MAX",
                    "int value should be less than or equal to 604800.");
        }
        if (deleteSeconds > 0) {
            Instant cutoff = state.now().minusSeconds(deleteSeconds);
            new ArrayList<>(state.messages.values()).stream()
                    .filter(message -> message.authorId() == userId && message.timestamp().isAfter(cutoff))
                    .forEach(state::deleteMessage);
        }
        state.ban(userId, call.reason());
        return null;
    }

    private Object modifyMember(RestApi.Call call) {
        state.requireGuild(call.id("guild_id"));
        long userId = call.id("user_id");
        Member member = state.requireMember(userId);
        JsonObject body = call.body();
        if (body.containsKey("communication_disabled_until")) {
            permissions.requireBotInGuild(Permissions.MODERATE_MEMBERS);
            permissions.requireBotAbove(userId);
            if ((permissions.base(userId) & Permissions.ADMINISTRATOR) != 0) {
                throw DiscordApiException.missingPermissions();
            }
            member = member.withTimeoutUntil(timeoutEnd(body.getString("communication_disabled_until")));
        }
        if (body.containsKey("nick")) {
            permissions.requireBotInGuild(Permissions.MANAGE_NICKNAMES);
            permissions.requireBotAbove(userId);
            member = member.withNick(body.getString("nick"));
        }
        if (body.containsKey("roles")) {
            permissions.requireBotInGuild(Permissions.MANAGE_ROLES);
            List<Long> newRoles = RestApi.snowflakes(body.getJsonArray("roles"));
            for (long roleId : newRoles) {
                Role role = state.requireRole(roleId);
                if (!member.roles().contains(roleId)) {
                    permissions.requireBotAboveRole(role);
                }
            }
            for (long roleId : member.roles()) {
                if (!newRoles.contains(roleId)) {
                    permissions.requireBotAboveRole(state.requireRole(roleId));
                }
            }
            member = member.withRoles(newRoles);
        }
        if (body.containsKey("channel_id")) {
            permissions.requireBotInGuild(Permissions.MOVE_MEMBERS);
            state.members.put(userId, member); // the voice event already shows the member as changed
            String channelId = body.getString("channel_id");
            state.setVoiceChannel(userId, channelId == null ? null : Long.parseLong(channelId));
        }
        return state.json.member(state.updateMember(member), true);
    }

    /** A timeout's end as Discord takes it: ISO 8601, at most 28 days ahead; a past end lifts the timeout. */
    private Instant timeoutEnd(String until) {
        if (until == null) {
            return null;
        }
        Instant end;
        try {
            end = OffsetDateTime.parse(until).toInstant();
        } catch (DateTimeParseException e) {
            throw DiscordApiException.invalidForm("communication_disabled_until", "DATE_TIME_TYPE_PARSE",
                    "Could not parse " + until + ". Should be ISO8601.");
        }
        if (end.isAfter(state.now().plus(SandboxState.MAX_TIMEOUT))) {
            throw DiscordApiException.invalidForm("communication_disabled_until", "BASE_TYPE_BAD_TIME",
                    "Timeout cannot be longer than 28 days");
        }
        return end.isAfter(state.now()) ? end : null;
    }

    private Object changeRole(RestApi.Call call, boolean add) {
        state.requireGuild(call.id("guild_id"));
        Member member = state.requireMember(call.id("user_id"));
        Role role = state.requireRole(call.id("role_id"));
        permissions.requireBotInGuild(Permissions.MANAGE_ROLES);
        permissions.requireBotAboveRole(role);
        List<Long> roles = new ArrayList<>(member.roles());
        boolean changed = add ? !roles.contains(role.id()) && roles.add(role.id()) : roles.remove(role.id());
        if (changed) {
            state.updateMember(member.withRoles(roles));
        }
        return null;
    }

}
