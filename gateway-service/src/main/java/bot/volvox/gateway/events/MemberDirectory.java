package bot.volvox.gateway.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.redis.SharedCache;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;

/**
 * Keeps the shared member and role cache fresh from what the gateway sees: keys
 * {@code discord:guild:{g}:member:{u}} ({@code {id, displayName, joinedAt, roleIds, topRolePosition}}, TTL
 * {@code REDIS_TTL_MEMBERS}, 60 s) and {@code discord:guild:{g}:roles} (id, name, position, permissions; TTL
 * {@code REDIS_TTL_ROLES}, 300 s). Other services read these instead of asking Discord; the gateway writes them as
 * members join, change or leave and when a guild becomes ready.
 */
@ApplicationScoped
public class MemberDirectory {
    private static final Logger LOG = Logger.getLogger(MemberDirectory.class);

    @Inject
    SharedCache cache;

    @ConfigProperty(name = "redis.ttl.members", defaultValue = "60")
    String membersTtl;

    @ConfigProperty(name = "redis.ttl.roles", defaultValue = "300")
    String rolesTtl;

    public static String memberKey(String guildId, String userId) {
        return "discord:guild:" + guildId + ":member:" + userId;
    }

    public static String rolesKey(String guildId) {
        return "discord:guild:" + guildId + ":roles";
    }

    public void remember(Member member) {
        List<Role> roles = member.getRoles();
        var value = new LinkedHashMap<String, Object>();
        value.put("id", member.getId());
        value.put("displayName", member.getEffectiveName());
        value.put("joinedAt", member.hasTimeJoined() ? member.getTimeJoined().toInstant().toString() : null);
        value.put("roleIds", roles.stream().map(Role::getId).toList());
        value.put("topRolePosition", EventMapper.topPosition(roles));
        put(memberKey(member.getGuild().getId(), member.getId()), value, ttl(membersTtl, 60));
    }

    public void forget(String guildId, String userId) {
        cache.invalidate(memberKey(guildId, userId)).subscribe().with(ok -> {
        }, error -> LOG.debugf("Cache invalidation failed: %s", error.getMessage()));
    }

    public void rememberRoles(Guild guild) {
        List<Map<String, Object>> roles = guild.getRoles().stream().map(role -> {
            var value = new LinkedHashMap<String, Object>();
            value.put("id", role.getId());
            value.put("name", role.getName());
            value.put("position", role.getPositionRaw());
            value.put("permissions", Long.toUnsignedString(role.getPermissionsRaw()));
            return (Map<String, Object>) value;
        }).toList();
        put(rolesKey(guild.getId()), roles, ttl(rolesTtl, 300));
    }

    private void put(String key, Object value, Duration ttl) {
        try {
            cache.put(key, VolvoxJson.MAPPER.writeValueAsString(value), ttl).subscribe().with(ok -> {
            }, error -> LOG.debugf("Cache write failed: %s", error.getMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As in the original bot, a non-numeric or zero override falls back to the default. */
    static Duration ttl(String configured, long defaultSeconds) {
        try {
            long seconds = Long.parseLong(configured.strip());
            return Duration.ofSeconds(seconds > 0 ? seconds : defaultSeconds);
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(defaultSeconds);
        }
    }
}
