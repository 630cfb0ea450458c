package bot.volvox.scheduler.reminders;

import java.util.ArrayList;
import java.util.List;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.Button;
import bot.volvox.platform.contract.ActionParams.ButtonStyle;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.contract.ActionParams.MessageBody;

/** The reminder as delivered: an embed with snooze and dismiss buttons. */
final class ReminderMessages {
    static final int COLOR = 0x5865F2;

    private ReminderMessages() {
    }

    static MessageBody body(long id, String message, int snoozedCount, String cron, String mentionUserId) {
        List<EmbedField> fields = new ArrayList<>();
        if (snoozedCount > 0) {
            fields.add(new EmbedField("Snoozed", snoozedCount + (snoozedCount == 1 ? " time" : " times"), true));
        }
        if (cron != null) {
            fields.add(new EmbedField("Recurring", "`" + cron + "`", true));
        }
        Embed embed = new Embed("⏰ Reminder", message, COLOR, fields, "Reminder #" + id, null, null);
        List<Button> buttons = List.of(
                new Button(ReminderButtons.PREFIX + "snooze_" + id + "_15m", "Snooze 15m", ButtonStyle.SECONDARY),
                new Button(ReminderButtons.PREFIX + "snooze_" + id + "_1h", "Snooze 1h", ButtonStyle.SECONDARY),
                new Button(ReminderButtons.PREFIX + "snooze_" + id + "_tomorrow", "Tomorrow", ButtonStyle.SECONDARY),
                new Button(ReminderButtons.PREFIX + "dismiss_" + id, "Dismiss", ButtonStyle.SUCCESS));
        return new MessageBody(mentionUserId == null ? null : "<@" + mentionUserId + ">", List.of(embed), buttons);
    }

    static ActionParams dm(long id, String userId, String message, int snoozedCount, String cron) {
        return new ActionParams.SendDm(userId, body(id, message, snoozedCount, cron, null));
    }

    static ActionParams inChannel(long id, String channelId, String userId, String message, int snoozedCount,
            String cron) {
        return new ActionParams.SendMessage(channelId, body(id, message, snoozedCount, cron, userId), null);
    }
}
