package bot.volvox.scheduler.reminders;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A {@code reminders} row as the REST API lists and cancels it. Creation, delivery, snoozes and the commands' own
 * cancellations stay plain SQL ({@link ReminderRepository}, the claim loop).
 */
@Entity
@Table(name = "reminders")
public class ReminderEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false)
    public String guildId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "channel_id", nullable = false)
    public String channelId;

    @Column(nullable = false, columnDefinition = "text")
    public String message;

    @Column(name = "remind_at", nullable = false)
    public Instant remindAt;

    @Column(name = "recurring_cron")
    public String recurringCron;

    @Column(name = "snoozed_count", nullable = false)
    public int snoozedCount;

    @Column(name = "failed_delivery_count", nullable = false)
    public int failedDeliveryCount;

    @Column(nullable = false)
    public boolean completed;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    /** The claim loop's lease: a cancellation drops it, so a delivery in flight cannot reschedule the reminder. */
    @JsonIgnore
    @Column(name = "claimed_by", columnDefinition = "text")
    public String claimedBy;

    @JsonIgnore
    @Column(name = "claimed_until")
    public Instant claimedUntil;
}
