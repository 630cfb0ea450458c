package bot.volvox.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fake Discord stores, as immutable values: a change replaces the value in {@link SandboxState}'s maps.
 * Channel types: 0 text, 1 DM, 2 voice.
 */
final class Entities {
    static final int TEXT = 0;
    static final int DM = 1;
    static final int VOICE = 2;

    private Entities() {
    }

    record User(long id, String username, String globalName, boolean bot, boolean dmsClosed) {
    }

    record Role(long id, String name, long permissions, int position, int color, Long botId) {
    }

    record Member(long userId, String nick, List<Long> roles, Instant joinedAt, Instant timeoutUntil) {
        Member {
            roles = List.copyOf(roles);
        }

        Member withNick(String newNick) {
            return new Member(userId, newNick, roles, joinedAt, timeoutUntil);
        }

        Member withRoles(List<Long> newRoles) {
            return new Member(userId, nick, newRoles, joinedAt, timeoutUntil);
        }

        Member withTimeoutUntil(Instant until) {
            return new Member(userId, nick, roles, joinedAt, until);
        }

        boolean timedOut(Instant now) {
            return timeoutUntil != null && timeoutUntil.isAfter(now);
        }
    }

    record Channel(long id, int type, String name, int position, String topic, int rateLimitPerUser,
                   Map<Long, Permissions.Overwrite> overwrites, Long recipientId, Long lastMessageId) {
        Channel {
            overwrites = Collections.unmodifiableMap(new LinkedHashMap<>(overwrites));
        }

        static Channel inGuild(long id, int type, String name, int position) {
            return new Channel(id, type, name, position, null, 0, Map.of(), null, null);
        }

        static Channel dm(long id, long recipientId) {
            return new Channel(id, DM, null, 0, null, 0, Map.of(), recipientId, null);
        }

        boolean isDm() {
            return type == DM;
        }

        Channel withTopic(String newTopic) {
            return new Channel(id, type, name, position, newTopic, rateLimitPerUser, overwrites, recipientId,
                    lastMessageId);
        }

        Channel withName(String newName) {
            return new Channel(id, type, newName, position, topic, rateLimitPerUser, overwrites, recipientId,
                    lastMessageId);
        }

        Channel withPosition(int newPosition) {
            return new Channel(id, type, name, newPosition, topic, rateLimitPerUser, overwrites, recipientId,
                    lastMessageId);
        }

        Channel withRateLimitPerUser(int seconds) {
            return new Channel(id, type, name, position, topic, seconds, overwrites, recipientId, lastMessageId);
        }

        Channel withOverwrites(Map<Long, Permissions.Overwrite> newOverwrites) {
            return new Channel(id, type, name, position, topic, rateLimitPerUser, newOverwrites, recipientId,
                    lastMessageId);
        }

        Channel withOverwrite(Permissions.Overwrite overwrite) {
            Map<Long, Permissions.Overwrite> changed = new LinkedHashMap<>(overwrites);
            changed.put(overwrite.id(), overwrite);
            return withOverwrites(changed);
        }

        Channel withoutOverwrite(long overwriteId) {
            Map<Long, Permissions.Overwrite> changed = new LinkedHashMap<>(overwrites);
            changed.remove(overwriteId);
            return withOverwrites(changed);
        }

        Channel withLastMessageId(long messageId) {
            return new Channel(id, type, name, position, topic, rateLimitPerUser, overwrites, recipientId,
                    messageId);
        }
    }

    /**
     * A message. Embeds, components and attachments are the bot's JSON as Discord passes it through, kept encoded
     * (so the value stays immutable); {@code allowedMentions} is encoded JSON or null. Reactions: emoji to the
     * users who reacted, in order.
     */
    record Message(long id, long channelId, long authorId, String content, Instant timestamp, Instant editedAt,
                   String embeds, String components, String attachments, String allowedMentions,
                   Map<String, List<Long>> reactions, Long webhookId, int flags, int type) {
        Message {
            Map<String, List<Long>> copy = new LinkedHashMap<>();
            reactions.forEach((emoji, users) -> copy.put(emoji, List.copyOf(users)));
            reactions = Collections.unmodifiableMap(copy);
        }

        static Message of(long id, long channelId, long authorId, String content, Instant timestamp) {
            return new Message(id, channelId, authorId, content, timestamp, null, "[]", "[]", "[]", null, Map.of(),
                    null, 0, 0);
        }

        JsonArray embedsJson() {
            return new JsonArray(embeds);
        }

        JsonArray componentsJson() {
            return new JsonArray(components);
        }

        JsonArray attachmentsJson() {
            return new JsonArray(attachments);
        }

        JsonObject allowedMentionsJson() {
            return allowedMentions == null ? null : new JsonObject(allowedMentions);
        }

        Message withContent(String newContent, String newEmbeds, String newComponents, Instant newEditedAt) {
            return new Message(id, channelId, authorId, newContent, timestamp, newEditedAt, newEmbeds, newComponents,
                    attachments, allowedMentions, reactions, webhookId, flags, type);
        }

        Message withPayload(String newEmbeds, String newComponents, String newAttachments, String newMentions,
                            Long newWebhookId, int newFlags, int newType) {
            return new Message(id, channelId, authorId, content, timestamp, editedAt, newEmbeds, newComponents,
                    newAttachments, newMentions, reactions, newWebhookId, newFlags, newType);
        }

        Message withFlags(int newFlags) {
            return new Message(id, channelId, authorId, content, timestamp, editedAt, embeds, components,
                    attachments, allowedMentions, reactions, webhookId, newFlags, type);
        }

        Message withEditedAt(Instant newEditedAt) {
            return new Message(id, channelId, authorId, content, timestamp, newEditedAt, embeds, components,
                    attachments, allowedMentions, reactions, webhookId, flags, type);
        }

        Message withReaction(String emoji, long userId, boolean add) {
            Map<String, List<Long>> changed = new LinkedHashMap<>(reactions);
            List<Long> users = new ArrayList<>(changed.getOrDefault(emoji, List.of()));
            if (add) {
                users.add(userId);
            } else {
                users.remove(userId);
            }
            if (users.isEmpty()) {
                changed.remove(emoji);
            } else {
                changed.put(emoji, users);
            }
            return new Message(id, channelId, authorId, content, timestamp, editedAt, embeds, components,
                    attachments, allowedMentions, changed, webhookId, flags, type);
        }

        boolean reacted(String emoji, long userId) {
            return reactions.getOrDefault(emoji, List.of()).contains(userId);
        }
    }
}
