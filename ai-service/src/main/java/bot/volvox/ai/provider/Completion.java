package bot.volvox.ai.provider;

import java.time.Duration;

/** A provider's answer: its text (text blocks joined), what it cost in tokens, and how long the call took. */
public record Completion(ModelRef model, String text, TokenUsage usage, Duration duration) {
}
