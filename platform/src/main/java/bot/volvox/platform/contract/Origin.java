package bot.volvox.platform.contract;

/**
 * Who asked for an action and why.
 *
 * @param service the requesting service's name (its consumer group), e.g. {@code moderation-service}
 * @param sourceEventId the {@link DiscordEvent#id()} (or other id) that caused the request; null for scheduled work
 */
public record Origin(String service, String sourceEventId) {
}
