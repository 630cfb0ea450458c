package bot.volvox.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of the demo guild (snowflakes as strings, as Discord sends them). They are the same on every run.
 *
 * <p>Roles from top to bottom: Admin (ADMINISTRATOR), Bot (the bot's own role), Moderator (kick, ban, timeout,
 * manage messages), Member, Muted, @everyone. Users: an owner, an admin, a moderator, three plain members (Carol has
 * DMs closed) and the bot.
 */
public record DemoGuild(
        String guildId,
        String applicationId,
        String botUserId,
        String generalChannelId,
        String announcementsChannelId,
        String modLogChannelId,
        String loungeVoiceChannelId,
        String everyoneRoleId,
        String adminRoleId,
        String botRoleId,
        String moderatorRoleId,
        String memberRoleId,
        String mutedRoleId,
        String ownerId,
        String adminId,
        String moderatorId,
        String aliceId,
        String bobId,
        String carolId) {

    public static final String NAME = "Volvox Sandbox";

    /** Channel ids by name: general, announcements, mod-log, Lounge. */
    public Map<String, String> channels() {
        Map<String, String> channels = new LinkedHashMap<>();
        channels.put("general", generalChannelId);
        channels.put("announcements", announcementsChannelId);
        channels.put("mod-log", modLogChannelId);
        channels.put("Lounge", loungeVoiceChannelId);
        return channels;
    }

    /** User ids by demo user name: owner, admin, moderator, alice, bob, carol, bot. */
    public Map<String, String> users() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("owner", ownerId);
        users.put("admin", adminId);
        users.put("moderator", moderatorId);
        users.put("alice", aliceId);
        users.put("bob", bobId);
        users.put("carol", carolId);
        users.put("bot", botUserId);
        return users;
    }

    /** Role ids by name: everyone, Admin, Bot, Moderator, Member, Muted. */
    public Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("everyone", everyoneRoleId);
        roles.put("Admin", adminRoleId);
        roles.put("Bot", botRoleId);
        roles.put("Moderator", moderatorRoleId);
        roles.put("Member", memberRoleId);
        roles.put("Muted", mutedRoleId);
        return roles;
    }
}
