package bot.volvox.ai.provider;

/** Tokens of one provider call as the provider reported them; input includes the cache tokens. */
public record TokenUsage(long inputTokens, long outputTokens, long cacheCreationTokens, long cacheReadTokens) {
}
