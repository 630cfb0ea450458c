package bot.volvox.moderation.config;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.kafka.VolvoxJson;

/**
 * A {@code config} row as the REST API reads and writes it: one top-level section of one scope ({@code global} or a
 * guild id). Commands write the same rows with plain SQL ({@link ConfigWriter}); both lock the rows they change, in
 * section order, so they take turns.
 */
@Entity
@Table(name = "config")
@IdClass(ConfigEntity.Key.class)
public class ConfigEntity {
    @Id
    @Column(name = "guild_id", nullable = false, columnDefinition = "text")
    public String guildId;

    /** The section name (column {@code key}, a word HQL reserves). */
    @Id
    @Column(name = "key", nullable = false, columnDefinition = "text")
    public String section;

    /** The JSON text of the section ({@code jsonb}). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String value;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The section's value as an object to edit: empty when missing, not JSON or not an object. */
    public ObjectNode valueObject() {
        try {
            JsonNode stored = value == null ? null
                    : VolvoxJson.MAPPER.readTree(value);
            return stored instanceof ObjectNode object ? object
                    : VolvoxJson.MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            // as GuildConfigs: a row that is not JSON is ignored rather than failing every read
            return VolvoxJson.MAPPER.createObjectNode();
        }
    }

    /** The primary key {@code (guild_id, key)}. */
    public record Key(String guildId, String section) implements Serializable {
    }
}
