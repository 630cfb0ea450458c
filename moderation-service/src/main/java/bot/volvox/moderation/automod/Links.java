package bot.volvox.moderation.automod;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original's link filter ({@code moderation.linkFilter}): URLs are found in markdown links, {@code <…>} links,
 * every whitespace-separated token (bare domains such as {@code evil.example} count) and embedded
 * {@code http(s)://} URLs; a host is lower-cased, loses {@code www.} and a trailing dot, and must have two labels and
 * an alphabetic top-level domain. A message is blocked for a phishing pattern first, then for a blocked domain
 * (itself or a subdomain).
 */
final class Links {
    private static final List<String> PHISHING_KEYWORDS = List.of("discord", "nitro", "free", "gift", "giveaway",
            "steam", "crypto", "nft", "airdrop");
    private static final List<String> PHISHING_HOST_MARKERS = List.of("discord-nitro", "discordnitro", "free-nitro",
            "steamgift");
    private static final String LEADING = "<([{\"'";
    private static final String TRAILING = ">)]}\"'.,;:!?";
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[[^\\]\\r\\n]{0,512}\\]\\((https?://[^\\s<>()]{1,2048})\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANGLE_LINK = Pattern.compile("<(https?://[^\\s<>]{1,2048})>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMBEDDED = Pattern.compile("https?://[^\\s<>\"'`\\[\\]{}]{1,2048}",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern URL = Pattern.compile(
            "^https?://(?:[^@/?#\\s]*@)?([^/?#:\\s]+)(?::\\d*)?([^?#\\s]*)(\\?[^#\\s]*)?.*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** One URL found in a message. */
    record Found(String host, String text, String path, String query) {
    }

    /** Why a message is blocked: {@code phishing} (matched = the URL as written) or {@code blocklist} (the host). */
    record Block(String reason, String matched) {
        boolean phishing() {
            return "phishing".equals(reason);
        }
    }

    static Optional<Block> check(String content, List<String> blockedDomains) {
        if (content == null || content.isEmpty()) {
            return Optional.empty();
        }
        List<Found> urls = urls(content);
        for (Found url : urls) {
            String hostAndPath = url.host() + url.path() + url.query();
            if (PHISHING_HOST_MARKERS.stream().anyMatch(url.host()::contains) || (url.host().endsWith(".xyz")
                    && PHISHING_KEYWORDS.stream().anyMatch(hostAndPath::contains))) {
                return Optional.of(new Block("phishing", url.text()));
            }
        }
        Set<String> blocked = new LinkedHashSet<>();
        blockedDomains.forEach(domain -> blocked.add(normalizeHost(domain)));
        for (Found url : urls) {
            if (blocked.contains(url.host()) || blocked.stream().anyMatch(domain -> url.host().endsWith("." + domain))) {
                return Optional.of(new Block("blocklist", url.host()));
            }
        }
        return Optional.empty();
    }

    static List<Found> urls(String content) {
        List<String> candidates = new ArrayList<>();
        Matcher markdown = MARKDOWN_LINK.matcher(content);
        while (markdown.find()) {
            candidates.add(markdown.group(1));
        }
        Matcher angle = ANGLE_LINK.matcher(content);
        while (angle.find()) {
            candidates.add(angle.group(1));
        }
        for (String token : content.split("\\s+")) {
            candidates.add(token);
        }
        Matcher embedded = EMBEDDED.matcher(content);
        while (embedded.find()) {
            candidates.add(embedded.group());
        }
        List<Found> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String candidate : candidates) {
            parse(candidate).filter(url -> seen.add(url.host() + "\u0000" + url.text())).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<Found> parse(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && LEADING.indexOf(token.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && TRAILING.indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        String trimmed = token.substring(start, end);
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String candidate = lower.startsWith("http://") || lower.startsWith("https://") ? trimmed : "http://" + trimmed;
        Matcher url = URL.matcher(candidate);
        if (!url.matches()) {
            return Optional.empty();
        }
        String host = normalizeHost(url.group(1));
        if (!validHost(host)) {
            return Optional.empty();
        }
        String path = url.group(2) == null || url.group(2).isEmpty() ? "/" : url.group(2);
        String query = url.group(3) == null || url.group(3).equals("?") ? "" : url.group(3);
        return Optional.of(new Found(host, trimmed, path.toLowerCase(Locale.ROOT), query.toLowerCase(Locale.ROOT)));
    }

    static String normalizeHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT).trim();
        if (lower.startsWith("www.")) {
            lower = lower.substring(4);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static boolean validHost(String host) {
        String[] labels = host.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        String tld = labels[labels.length - 1];
        if (tld.length() < 2 || !tld.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private Links() {
    }
}
