package bot.volvox.moderation.cases;

import java.time.Instant;
import java.util.List;

import bot.volvox.platform.actions.ReplyTarget;
import bot.volvox.platform.contract.ActionParams;

/**
 * What one moderation operation (a slash command, an auto-mod hit, an escalation) does, stored as JSON in
 * {@code mod_operations.plan}: its Discord steps in order, then — when every required step succeeded — one
 * transaction that records the case and its consequences, then the mod-log post and the answer.
 *
 * @param reply where to answer (null for automatic operations)
 * @param steps Discord actions, each requested after the previous one's result (the DM goes before the ban)
 * @param caseDraft the case to record (null for none)
 * @param warning a warning to record with the case (warn)
 * @param unbanAt schedule an unban (tempban)
 * @param audit whether to write an {@code audit_logs} row {@code mod.<action>}
 * @param successText the answer on success; {@code {case}} is replaced by the case number
 * @param afterwards Discord actions requested with the answer once the operation is done, whose results nothing
 *        waits for (the DM of /warn and /timeout, so that a queue of DMs never holds back the moderator's answer);
 *        empty in plans stored before they existed
 */
public record OperationPlan(ReplyTarget reply, List<Step> steps, CaseDraft caseDraft, WarningDraft warning,
        Instant unbanAt, boolean audit, String successText, List<Step> afterwards) {

    public OperationPlan {
        afterwards = afterwards == null ? List.of() : List.copyOf(afterwards);
    }

    public OperationPlan(ReplyTarget reply, List<Step> steps, CaseDraft caseDraft, WarningDraft warning,
            Instant unbanAt, boolean audit, String successText) {
        this(reply, steps, caseDraft, warning, unbanAt, audit, successText, List.of());
    }

    /**
     * @param purpose names the step (and its action id) within the operation: dm, action, unban, notice
     * @param required whether a failure of this step fails the operation (a DM may fail silently)
     * @param failureNote added to the answer when this optional step failed
     */
    public record Step(String purpose, ActionParams params, String reason, boolean required, String failureNote) {
    }

    public record WarningDraft(String severity, int points, Instant expiresAt) {
    }
}
