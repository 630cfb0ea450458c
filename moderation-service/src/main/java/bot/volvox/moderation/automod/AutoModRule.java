package bot.volvox.moderation.automod;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.guildconfig.GuildConfig.AutoMod;
import bot.volvox.platform.guildconfig.GuildConfig.Rule;

/** The content rules of auto-mod (the rate rules, spam and duplicates, need the shared limiter: {@link AutoMod}). */
final class AutoModRule {
    static final Pattern INVITE = Pattern.compile("(?i)(discord\\.gg|discord(?:app)?\\.com/invite)/[\\w-]+");
    static final Pattern URL_HOST = Pattern.compile("(?i)\\bhttps?://([^/\\s<>\"')]+)");

    /** What matched, for the reason and the flag. */
    record Hit(String rule, String detail, String action, int timeoutSeconds) {
    }

    static Optional<Hit> words(AutoMod rules, Message message) {
        Rule rule = rules.words();
        if (!rule.enabled() || message.content() == null || rule.words() == null) {
            return Optional.empty();
        }
        String content = message.content().toLowerCase(Locale.ROOT);
        for (String word : rule.words()) {
            String w = word.toLowerCase(Locale.ROOT).trim();
            if (!w.isEmpty() && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}])")
                    .matcher(content).find()) {
                return Optional.of(hit("words", rule, "blocked word"));
            }
        }
        return Optional.empty();
    }

    static Optional<Hit> invites(AutoMod rules, Message message) {
        Rule rule = rules.invites();
        if (!rule.enabled() || message.content() == null) {
            return Optional.empty();
        }
        Matcher matcher = INVITE.matcher(message.content());
        return matcher.find() ? Optional.of(hit("invites", rule, matcher.group())) : Optional.empty();
    }

    static Optional<Hit> links(AutoMod rules, Message message) {
        Rule rule = rules.links();
        if (!rule.enabled() || message.content() == null) {
            return Optional.empty();
        }
        Set<String> blocked = domains(rule.blockedDomains());
        Set<String> allowed = domains(rule.allowedDomains());
        Matcher matcher = URL_HOST.matcher(message.content());
        while (matcher.find()) {
            String host = matcher.group(1).toLowerCase(Locale.ROOT).replaceAll(":\\d+$", "").replaceAll("\\.$", "");
            if (host.startsWith("www.")) {
                host = host.substring(4);
            }
            boolean isBlocked = matches(host, blocked);
            boolean notAllowed = !allowed.isEmpty() && !matches(host, allowed);
            if (isBlocked || notAllowed) {
                return Optional.of(hit("links", rule, host));
            }
        }
        return Optional.empty();
    }

    static Optional<Hit> mentions(AutoMod rules, Message message) {
        Rule rule = rules.mentions();
        if (!rule.enabled()) {
            return Optional.empty();
        }
        Set<String> distinct = new HashSet<>();
        if (message.mentionedUserIds() != null) {
            distinct.addAll(message.mentionedUserIds());
        }
        if (message.mentionedRoleIds() != null) {
            message.mentionedRoleIds().forEach(role -> distinct.add("role:" + role));
        }
        return distinct.size() > rule.maxMentions() ? Optional.of(hit("mentions", rule, distinct.size() + " mentions"))
                : Optional.empty();
    }

    /** A breach of {@code rule}: what to do comes from the rule ({@code action}, {@code timeoutSeconds}). */
    static Hit hit(String name, Rule rule, String detail) {
        return new Hit(name, detail, rule.action(), rule.timeoutSeconds());
    }

    private static Set<String> domains(List<String> configured) {
        Set<String> domains = new HashSet<>();
        if (configured != null) {
            configured.forEach(entry -> {
                String domain = entry.toLowerCase(Locale.ROOT).trim().replaceAll("\\.$", "");
                domains.add(domain.startsWith("www.") ? domain.substring(4) : domain);
            });
        }
        return domains;
    }

    private static boolean matches(String host, Set<String> domains) {
        return domains.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
    }

    private AutoModRule() {
    }
}
