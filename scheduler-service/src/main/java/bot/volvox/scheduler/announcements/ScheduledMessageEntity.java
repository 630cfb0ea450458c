package bot.volvox.scheduler.announcements;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A {@code scheduled_messages} row (an announcement) as the REST API lists and cancels it. Scheduling and delivery
 * stay plain SQL ({@link ScheduledMessageRepository}, the claim loop).
 */
@Entity
@Table(name = "scheduled_messages")
public class ScheduledMessageEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(name = "channel_id", nullable = false, columnDefinition = "text")
    public String channelId;

    @Column(nullable = false, columnDefinition = "text")
    public String content;

    /** The embed as stored ({@code jsonb}), passed through as JSON. */
    @JsonRawValue
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "embed_json")
    public String embedJson;

    @Column(name = "cron_expression", columnDefinition = "text")
    public String cronExpression;

    @Column(name = "next_run", nullable = false)
    public Instant nextRun;

    @Column(name = "author_id", nullable = false, columnDefinition = "text")
    public String authorId;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "one_time", nullable = false)
    public boolean oneTime;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @JsonIgnore
    @Column(name = "claimed_by", columnDefinition = "text")
    public String claimedBy;

    @JsonIgnore
    @Column(name = "claimed_until")
    public Instant claimedUntil;
}
