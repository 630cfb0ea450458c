package bot.volvox.moderation.warnings;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A {@code warnings} row as the REST API reads and edits it. Commands and the expiry job write with plain SQL
 * ({@link WarningRepository}, {@link WarningExpiry}); every writer increments {@code version}, so an API edit made
 * against an older version is refused.
 */
@Entity
@Table(name = "warnings")
public class WarningEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(name = "user_id", nullable = false, columnDefinition = "text")
    public String userId;

    @Column(name = "moderator_id", nullable = false, columnDefinition = "text")
    public String moderatorId;

    @Column(name = "moderator_tag", nullable = false, columnDefinition = "text")
    public String moderatorTag;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(nullable = false, columnDefinition = "text")
    public String severity;

    @Column(nullable = false)
    public int points;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "removed_at")
    public Instant removedAt;

    @Column(name = "removed_by", columnDefinition = "text")
    public String removedBy;

    @Column(name = "removal_reason", columnDefinition = "text")
    public String removalReason;

    @Column(name = "case_id")
    public Integer caseId;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public int version;
}
