package bot.volvox.scheduler.temproles;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A {@code temp_roles} row as the REST API lists it; assignment and expiry stay plain SQL. */
@Entity
@Table(name = "temp_roles")
public class TempRoleEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(name = "user_id", nullable = false, columnDefinition = "text")
    public String userId;

    @Column(name = "user_tag", nullable = false, columnDefinition = "text")
    public String userTag;

    @Column(name = "role_id", nullable = false, columnDefinition = "text")
    public String roleId;

    @Column(name = "role_name", nullable = false, columnDefinition = "text")
    public String roleName;

    @Column(name = "moderator_id", nullable = false, columnDefinition = "text")
    public String moderatorId;

    @Column(name = "moderator_tag", nullable = false, columnDefinition = "text")
    public String moderatorTag;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(nullable = false, columnDefinition = "text")
    public String duration;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(nullable = false)
    public boolean removed;

    @Column(name = "removed_at")
    public Instant removedAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
