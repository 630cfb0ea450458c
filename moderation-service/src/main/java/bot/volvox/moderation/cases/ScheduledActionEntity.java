package bot.volvox.moderation.cases;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A {@code mod_scheduled_actions} row (a tempban's unban), shown with its case by the REST API. */
@Entity
@Table(name = "mod_scheduled_actions")
public class ScheduledActionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(nullable = false, columnDefinition = "text")
    public String action;

    @Column(name = "target_id", nullable = false, columnDefinition = "text")
    public String targetId;

    @Column(name = "case_id")
    public Integer caseId;

    @Column(name = "execute_at", nullable = false)
    public Instant executeAt;

    /** Nullable in the original schema; null reads as not executed. */
    public Boolean executed;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
