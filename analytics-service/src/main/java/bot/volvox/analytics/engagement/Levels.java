package bot.volvox.analytics.engagement;

import java.util.List;

/** The original's level rule: level i+1 for each threshold reached, walking in order, stopping at the first unmet. */
public final class Levels {
    private Levels() {
    }

    public static int of(long xp, List<Integer> thresholds) {
        int level = 0;
        for (int threshold : thresholds) {
            if (xp < threshold) {
                break;
            }
            level++;
        }
        return level;
    }

    /** The XP level {@code level} starts at (0 for level 0). */
    public static int start(int level, List<Integer> thresholds) {
        return level <= 0 ? 0 : thresholds.get(Math.min(level, thresholds.size()) - 1);
    }

    /** The XP the next level needs, or null at the top level. */
    public static Integer next(int level, List<Integer> thresholds) {
        return level < thresholds.size() ? thresholds.get(level) : null;
    }
}
