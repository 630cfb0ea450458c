package bot.volvox.platform.guildconfig;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.Validation;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.kafka.VolvoxJson;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed configuration: defaults complete, writes validated with the path named (table-driven). */
class GuildConfigTest {
    /**
     * Fields that may stay null in the defaults: ids nobody set yet, legacy keys, rule fields other rules use, models
     * a guild may name (null: ai-service's default).
     */
    static final Set<String> NULLABLE = Set.of("moderation.alertChannelId", "permissions.adminRoleId",
            "permissions.moderatorRoleId", "permissions.modRoles", "voice.logChannel", "triage.model", "triage.respondModel", "triage.classifyModel",
            "triage.moderationLogChannel", "aiAutoMod.model", "aiAutoMod.flagChannelId");

    static final ConfigValidation VALIDATION = new ConfigValidation(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());

    @Test
    void theDefaultsGiveEveryFieldAValue() throws Exception {
        GuildConfig defaults = GuildConfigs.read(GuildConfigs.defaults(), "defaults");
        List<String> missing = new ArrayList<>();
        nulls(defaults, "", missing);
        assertThat(missing).isEmpty();
        assertThat(VALIDATION.problems(GuildConfigs.defaults())).isEmpty();
    }

    @Test
    void aSectionThatCannotBeReadFallsBackToItsDefaultsAndTheOthersStay() throws Exception {
        ObjectNode stored = patched("""
                {"reminders": {"enabled": true, "maxPerUser": 7}, "moderation": {"warnings": "bogus"}}""");
        GuildConfig config = GuildConfigs.read(stored, "guild-1");
        assertThat(config.reminders().maxPerUser()).isEqualTo(7);
        assertThat(config.moderation().warnings().expiryDays()).isEqualTo(90);
    }

    @ParameterizedTest(name = "{0} = {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            moderation.warnings.expiryDays    | 0                      | moderation.warnings.expiryDays must be greater than or equal to 1
            moderation.warnings.expiryDays    | 3651                   | moderation.warnings.expiryDays must be less than or equal to 3650
            moderation.warnings.expiryDays    | "ninety"               | moderation.warnings.expiryDays must be a number
            reminders.maxPerUser              | 101                    | reminders.maxPerUser must be less than or equal to 100
            reminders.enabled                 | "sometimes"            | reminders.enabled must be a boolean
            auditLog.retentionDays            | 0                      | auditLog.retentionDays must be greater than or equal to 1
            ai.historyLength                  | 500                    | ai.historyLength must be less than or equal to 100
            ai.historyTTLDays                 | 366                    | ai.historyTTLDays must be less than or equal to 365
            triage.timeout                    | 999                    | triage.timeout must be greater than or equal to 1000
            aiAutoMod.timeoutDurationMs       | 2419200001             | aiAutoMod.timeoutDurationMs must be less than or equal to 2419200000
            quietMode.maxDurationMinutes      | 10081                  | quietMode.maxDurationMinutes must be less than or equal to 10080
            moderation.alertChannelId         | "general"              | moderation.alertChannelId must be a Discord id (17 to 20 digits) or null
            moderation.logging.channels.bans  | "12"                   | moderation.logging.channels.bans must be a Discord id (17 to 20 digits) or null
            moderation.automod.spam.action    | "explode"              | moderation.automod.spam.action must be delete, warn, timeout, kick or ban
            moderation.escalation.thresholds  | [{"warns": 3, "action": "mute"}] | moderation.escalation.thresholds[0].action must be timeout, kick or ban
            moderation.escalation.thresholds  | [{"warns": 0, "action": "ban"}]  | moderation.escalation.thresholds[0].warns must be greater than or equal to 1
            moderation.warnings.severityPoints.high | -1               | moderation.warnings.severityPoints.high must be greater than or equal to 0
            """)
    void aBadValueIsRefusedNamingItsPath(String path, String json, String problem) throws Exception {
        assertThat(VALIDATION.problems(patched(path, json))).extracting(Object::toString).containsExactly(problem);
    }

    @ParameterizedTest(name = "{0} = {1} is accepted")
    @CsvSource(delimiter = '|', textBlock = """
            moderation.warnings.expiryDays    | 1
            moderation.warnings.expiryDays    | 3650
            reminders.maxPerUser              | 100
            moderation.alertChannelId         | null
            moderation.alertChannelId         | "123456789012345678"
            moderation.logging.channels.bans  | "12345678901234567890"
            moderation.automod.spam.action    | "ban"
            moderation.escalation.thresholds  | [{"points": 5, "withinDays": 7, "action": "timeout", "duration": "1h"}]
            permissions.allowedCommands.warn  | "everyone"
            someFutureSection.anything        | 42
            """)
    void aGoodValueIsAccepted(String path, String json) throws Exception {
        assertThat(VALIDATION.problems(patched(path, json))).isEmpty();
    }

    private static ObjectNode patched(String path, String json) throws Exception {
        ObjectNode config = GuildConfigs.defaults();
        String[] segments = path.split("\\.");
        ObjectNode parent = config;
        for (int i = 0; i < segments.length - 1; i++) {
            parent = parent.has(segments[i]) && parent.get(segments[i]).isObject() ? (ObjectNode) parent.get(segments[i])
                    : parent.putObject(segments[i]);
        }
        parent.set(segments[segments.length - 1], VolvoxJson.MAPPER.readTree(json));
        return config;
    }

    private static ObjectNode patched(String overrides) throws Exception {
        return ConfigMerge.into(GuildConfigs.defaults(), (ObjectNode) VolvoxJson.MAPPER.readTree(overrides));
    }

    private static void nulls(Object value, String path, List<String> missing) throws Exception {
        if (value == null) {
            missing.add(path);
            return;
        }
        if (!value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            String child = path.isEmpty() ? component.getName() : path + "." + component.getName();
            Object field = component.getAccessor().invoke(value);
            boolean ruleSpecific = value instanceof GuildConfig.Rule && !component.getName().equals("enabled")
                    && !component.getName().equals("action");
            if (field == null && (NULLABLE.contains(child) || ruleSpecific)) {
                continue;
            }
            nulls(field, child, missing);
        }
    }
}
