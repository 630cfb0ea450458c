package bot.volvox.gateway.discord;

import java.util.List;
import java.util.TreeSet;

import bot.volvox.platform.config.InvalidSettingException;

/**
 * The shards a gateway replica owns: {@code DISCORD_SHARD_IDS} (a comma-separated list of ids and {@code a-b} ranges,
 * each below the total) when set; otherwise, with {@code VOLVOX_GATEWAY_REPLICAS} = n above 1, the shards {@code s}
 * with {@code s % n == i}, where {@code i} is the StatefulSet ordinal at the end of the pod's name ({@code HOSTNAME},
 * e.g. {@code gateway-service-1}); otherwise every shard.
 */
public final class ShardRange {

    /**
     * The shards this replica owns among {@code total}, from the settings as configured (null or blank when unset).
     */
    public static List<Integer> owned(String ids, int total, String replicas, String podName) {
        if (ids != null && !ids.isBlank()) {
            return parse(ids, total);
        }
        int count = replicas(replicas);
        if (count == 1) {
            return parse(null, total);
        }
        if (count > total) {
            throw new InvalidSettingException("VOLVOX_GATEWAY_REPLICAS", "is " + count + ", more than the "
                    + total + " shards of DISCORD_SHARD_TOTAL: a replica without a shard has nothing to do");
        }
        int ordinal = ordinal(podName);
        if (ordinal >= count) {
            throw new InvalidSettingException("HOSTNAME", "'" + podName + "' has ordinal " + ordinal
                    + ", but VOLVOX_GATEWAY_REPLICAS is " + count);
        }
        return java.util.stream.IntStream.range(0, total).filter(shard -> shard % count == ordinal).boxed().toList();
    }

    static int replicas(String configured) {
        if (configured == null || configured.isBlank()) {
            return 1;
        }
        try {
            int count = Integer.parseInt(configured.strip());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException("VOLVOX_GATEWAY_REPLICAS", "must be a whole number of at least 1, got '"
                + configured + "'");
    }

    /** The StatefulSet ordinal ending a pod's name: {@code gateway-service-2} → 2. */
    static int ordinal(String podName) {
        var match = podName == null ? null : java.util.regex.Pattern.compile("-(\\d{1,9})$").matcher(podName.strip());
        if (match == null || !match.find()) {
            throw new InvalidSettingException("HOSTNAME", "must end in the StatefulSet ordinal (e.g. gateway-service-1)"
                    + " when VOLVOX_GATEWAY_REPLICAS is above 1 and DISCORD_SHARD_IDS is unset, got '" + podName + "'");
        }
        return Integer.parseInt(match.group(1));
    }

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
