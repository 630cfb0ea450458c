package bot.volvox.moderation.cases;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A {@code mod_cases} row as the REST API reads and edits it. The moderation flow writes cases with plain SQL
 * ({@link CaseRepository}: numbering, operations and the action-result consumer need explicit statements); both
 * increment {@code version}, so an API edit made against an older version is refused, whoever wrote in between.
 */
@Entity
@Table(name = "mod_cases")
public class CaseEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(name = "case_number", nullable = false)
    public int caseNumber;

    @Column(nullable = false, columnDefinition = "text")
    public String action;

    @Column(name = "target_id", nullable = false, columnDefinition = "text")
    public String targetId;

    @Column(name = "target_tag", nullable = false, columnDefinition = "text")
    public String targetTag;

    @Column(name = "moderator_id", nullable = false, columnDefinition = "text")
    public String moderatorId;

    @Column(name = "moderator_tag", nullable = false, columnDefinition = "text")
    public String moderatorTag;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(columnDefinition = "text")
    public String duration;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "log_message_id", columnDefinition = "text")
    public String logMessageId;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Version
    @Column(nullable = false)
    public int version;
}
