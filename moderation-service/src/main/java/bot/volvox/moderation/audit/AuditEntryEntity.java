package bot.volvox.moderation.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An {@code audit_logs} row as the REST API lists it and records API edits. Commands record theirs with plain SQL in
 * the transaction of the change ({@link AuditLog}).
 */
@Entity
@Table(name = "audit_logs")
public class AuditEntryEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, length = 32)
    public String guildId;

    @Column(name = "user_id", nullable = false, length = 32)
    public String userId;

    @Column(name = "user_tag", length = 100)
    public String userTag;

    @Column(nullable = false, length = 128)
    public String action;

    @Column(name = "target_type", length = 64)
    public String targetType;

    @Column(name = "target_id", length = 64)
    public String targetId;

    @Column(name = "target_tag", nullable = false, length = 255)
    public String targetTag = "";

    /** The JSON text of the details ({@code jsonb}). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String details;

    @Column(name = "ip_address", length = 45)
    public String ipAddress;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;
}
