package bot.volvox.gateway.actions;

/** The nickname an {@code AFFIX_NICKNAME} action gives a member. */
final class Nicknames {
    /** Discord's limit for a nickname. */
    static final int MAX_LENGTH = 32;

    private Nicknames() {
    }

    /**
     * {@code prefix + name + suffix}, without adding a prefix the name already starts with or a suffix it already ends
     * with (so running it again changes nothing), the name shortened to fit 32 characters.
     */
    static String affixed(String name, String prefix, String suffix) {
        String before = prefix == null || prefix.isEmpty() || name.startsWith(prefix) ? "" : prefix;
        String after = suffix == null || suffix.isEmpty() || name.endsWith(suffix) ? "" : suffix;
        int room = MAX_LENGTH - before.length() - after.length();
        if (room <= 0) {
            return (before + after).substring(0, Math.min(MAX_LENGTH, before.length() + after.length()));
        }
        String base = name.length() > room ? name.substring(0, room) : name;
        return before + base + after;
    }
}
