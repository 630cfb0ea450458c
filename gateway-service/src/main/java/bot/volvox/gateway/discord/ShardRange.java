package bot.volvox.gateway.discord;

import java.util.List;
import java.util.TreeSet;

import bot.volvox.platform.config.InvalidSettingException;

/** Parses {@code DISCORD_SHARD_IDS}: a comma-separated list of ids and {@code a-b} ranges, each below the total. */
public final class ShardRange {

    public static int total(String configured) {
        if (configured == null || configured.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(configured.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("DISCORD_SHARD_TOTAL", "must be a whole number, got '" + configured + "'");
        }
    }

    public static List<Integer> parse(String spec, int total) {
        if (total < 1) {
            throw new InvalidSettingException("DISCORD_SHARD_TOTAL", "must be at least 1, got " + total);
        }
        if (spec == null || spec.isBlank()) {
            return java.util.stream.IntStream.range(0, total).boxed().toList();
        }
        var ids = new TreeSet<Integer>();
        for (String part : spec.split(",")) {
            String item = part.strip();
            try {
                int dash = item.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).strip());
                if (from < 0 || to < from || to >= total) {
                    throw new InvalidSettingException("DISCORD_SHARD_IDS",
                            "has '" + item + "': shard ids must lie in 0.." + (total - 1) + " (DISCORD_SHARD_TOTAL="
                                    + total + ")");
                }
                for (int id = from; id <= to; id++) {
                    ids.add(id);
                }
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("DISCORD_SHARD_IDS",
                        "has '" + item + "': expected ids and ranges such as 0-3 or 0,2");
            }
        }
        return List.copyOf(ids);
    }

    private ShardRange() {
    }
}
