package bot.volvox.analytics.voice;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A {@code voice_sessions} row as the REST API reads it; open while {@code leftAt} is null. The voice consumer opens
 * and closes sessions with plain SQL ({@link VoiceSessions}); the API never writes them.
 */
@Entity
@Table(name = "voice_sessions")
public class VoiceSessionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    @Column(name = "user_id", nullable = false, columnDefinition = "text")
    public String userId;

    @Column(name = "channel_id", nullable = false, columnDefinition = "text")
    public String channelId;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "left_at")
    public Instant leftAt;

    @Column(name = "duration_seconds")
    public Integer durationSeconds;
}
