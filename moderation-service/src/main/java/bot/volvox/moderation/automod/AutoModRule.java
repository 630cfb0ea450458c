package bot.volvox.moderation.automod;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.guildconfig.GuildConfigs;

/** The content rules of auto-mod (the rate rules, spam and duplicates, need the shared limiter: {@link AutoMod}). */
final class AutoModRule {
    static final Pattern INVITE = Pattern.compile("(?i)(discord\\.gg|discord(?:app)?\\.com/invite)/[\\w-]+");
    static final Pattern URL_HOST = Pattern.compile("(?i)\\bhttps?://([^/\\s<>\"')]+)");

    /** What matched, for the reason and the flag. */
    record Hit(String rule, String detail, String action, int timeoutSeconds) {
    }

    static Optional<Hit> words(JsonNode config, Message message) {
        if (!enabled(config, "words") || message.content() == null) {
            return Optional.empty();
        }
        String content = message.content().toLowerCase(Locale.ROOT);
        for (JsonNode word : list(config, "words.words")) {
            String w = word.asText().toLowerCase(Locale.ROOT).trim();
            if (!w.isEmpty() && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}])")
                    .matcher(content).find()) {
                return Optional.of(hit(config, "words", "blocked word"));
            }
        }
        return Optional.empty();
    }

    static Optional<Hit> invites(JsonNode config, Message message) {
        if (!enabled(config, "invites") || message.content() == null) {
            return Optional.empty();
        }
        Matcher matcher = INVITE.matcher(message.content());
        return matcher.find() ? Optional.of(hit(config, "invites", matcher.group())) : Optional.empty();
    }

    static Optional<Hit> links(JsonNode config, Message message) {
        if (!enabled(config, "links") || message.content() == null) {
            return Optional.empty();
        }
        Set<String> blocked = domains(config, "links.blockedDomains");
        Set<String> allowed = domains(config, "links.allowedDomains");
        Matcher matcher = URL_HOST.matcher(message.content());
        while (matcher.find()) {
            String host = matcher.group(1).toLowerCase(Locale.ROOT).replaceAll(":\\d+$", "").replaceAll("\\.$", "");
            if (host.startsWith("www.")) {
                host = host.substring(4);
            }
            boolean isBlocked = matches(host, blocked);
            boolean notAllowed = !allowed.isEmpty() && !matches(host, allowed);
            if (isBlocked || notAllowed) {
                return Optional.of(hit(config, "links", host));
            }
        }
        return Optional.empty();
    }

    static Optional<Hit> mentions(JsonNode config, Message message) {
        if (!enabled(config, "mentions")) {
            return Optional.empty();
        }
        int max = GuildConfigs.at(config, "moderation.automod.mentions.maxMentions").map(JsonNode::asInt).orElse(5);
        Set<String> distinct = new HashSet<>();
        if (message.mentionedUserIds() != null) {
            distinct.addAll(message.mentionedUserIds());
        }
        if (message.mentionedRoleIds() != null) {
            message.mentionedRoleIds().forEach(role -> distinct.add("role:" + role));
        }
        return distinct.size() > max ? Optional.of(hit(config, "mentions", distinct.size() + " mentions"))
                : Optional.empty();
    }

    static boolean enabled(JsonNode config, String rule) {
        return GuildConfigs.at(config, "moderation.automod." + rule + ".enabled").map(JsonNode::asBoolean)
                .orElse(false);
    }

    static Hit hit(JsonNode config, String rule, String detail) {
        String action = GuildConfigs.at(config, "moderation.automod." + rule + ".action").map(JsonNode::asText)
                .filter(AutoMod.ACTIONS::contains).orElse("delete");
        int seconds = GuildConfigs.at(config, "moderation.automod." + rule + ".timeoutSeconds").map(JsonNode::asInt)
                .filter(s -> s > 0 && s <= 28 * 86400).orElse(300);
        return new Hit(rule, detail, action, seconds);
    }

    static List<JsonNode> list(JsonNode config, String path) {
        List<JsonNode> values = new java.util.ArrayList<>();
        GuildConfigs.at(config, "moderation.automod." + path).filter(JsonNode::isArray)
                .ifPresent(array -> array.forEach(values::add));
        return values;
    }

    private static Set<String> domains(JsonNode config, String path) {
        Set<String> domains = new HashSet<>();
        list(config, path).forEach(node -> {
            String domain = node.asText().toLowerCase(Locale.ROOT).trim().replaceAll("\\.$", "");
            domains.add(domain.startsWith("www.") ? domain.substring(4) : domain);
        });
        return domains;
    }

    private static boolean matches(String host, Set<String> domains) {
        return domains.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
    }

    private AutoModRule() {
    }
}
