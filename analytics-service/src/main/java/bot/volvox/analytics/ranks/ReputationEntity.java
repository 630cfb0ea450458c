package bot.volvox.analytics.ranks;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A {@code reputation} row as the REST API reads it. XP is earned in the message consumer's batches and voice minutes
 * when a session closes, both with plain SQL ({@code ActivityStore}, {@code VoiceSessions}); the API never writes it.
 * {@code level} is the stored level, which never decreases; displays recompute it from XP with the guild's thresholds.
 */
@Entity
@Table(name = "reputation")
public class ReputationEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(name = "user_id", nullable = false, columnDefinition = "text")
    public String userId;

    @Column(nullable = false)
    public int xp;

    @Column(nullable = false)
    public int level;

    @Column(name = "messages_count", nullable = false)
    public int messagesCount;

    @Column(name = "voice_minutes", nullable = false)
    public int voiceMinutes;

    @Column(name = "helps_given", nullable = false)
    public int helpsGiven;

    @Column(name = "last_xp_gain")
    public Instant lastXpGain;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
