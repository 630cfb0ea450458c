package bot.volvox.ai.chat;

import java.util.ArrayList;
import java.util.List;

/** Text going to a provider or to Discord: sanitized, bounded and split. */
public final class MessageText {
    /** Discord's limit is 2000; the spec splits at 1990 to leave room. */
    public static final int CHUNK = 1990;

    private MessageText() {
    }

    /** Lone surrogates (which a JSON encoder or PostgreSQL would refuse) become U+FFFD. */
    public static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                clean.append('\uFFFD');
            } else {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    /** At most {@code max} characters, never cutting a surrogate pair. */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isLowSurrogate(text.charAt(max)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /**
     * Chunks of at most {@code max} characters, cut at the last newline, else the last space, in the second half of
     * a chunk; never inside a surrogate pair. Blank text gives no chunk.
     */
    public static List<String> split(String text, int max) {
        List<String> chunks = new ArrayList<>();
        String rest = text == null ? "" : text.strip();
        while (!rest.isEmpty()) {
            if (rest.length() <= max) {
                chunks.add(rest);
                break;
            }
            int cut = rest.lastIndexOf('\n', max);
            if (cut < max / 2) {
                cut = rest.lastIndexOf(' ', max);
            }
            if (cut < max / 2) {
                cut = Character.isLowSurrogate(rest.charAt(max)) ? max - 1 : max;
            }
            chunks.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        return chunks;
    }
}
