package bot.volvox.analytics.engagement;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A {@code user_stats} row as the REST API reads it. The consumers write it with plain SQL in batches
 * ({@link ActivityStore}); the API never writes it. The counters are nullable in the schema (the original's), hence
 * {@code Integer}.
 */
@Entity
@Table(name = "user_stats")
@IdClass(UserStatsEntity.Key.class)
public class UserStatsEntity {
    @Id
    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Id
    @Column(name = "user_id", nullable = false, columnDefinition = "text")
    public String userId;

    @Column(name = "messages_sent")
    public Integer messagesSent;

    @Column(name = "reactions_given")
    public Integer reactionsGiven;

    @Column(name = "reactions_received")
    public Integer reactionsReceived;

    @Column(name = "days_active")
    public Integer daysActive;

    @Column(name = "first_seen")
    public Instant firstSeen;

    @Column(name = "last_active")
    public Instant lastActive;

    @Column(name = "public_profile", nullable = false)
    public boolean publicProfile;

    /** The primary key {@code (guild_id, user_id)}. */
    public record Key(String guildId, String userId) implements Serializable {
    }
}
