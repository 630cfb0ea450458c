package bot.volvox.moderation.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Panache repository of {@link ConfigEntity} for the REST API: a scope's sections, read or locked. */
@ApplicationScoped
public class ConfigEntries implements PanacheRepositoryBase<ConfigEntity, ConfigEntity.Key> {

    /** The stored sections of {@code scope}. */
    public Uni<List<ConfigEntity>> of(String scope) {
        return find("guildId", Sort.by("section"), scope).list();
    }

    /**
     * The stored sections of {@code scope}, locked until the transaction ends ({@code FOR UPDATE}, in section order,
     * the order {@link ConfigWriter} locks them in, so the two cannot deadlock).
     */
    public Uni<List<ConfigEntity>> locked(String scope) {
        return find("guildId", Sort.by("section"), scope).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * The version of a scope's stored sections, the API's {@code ETag}: it changes with every write of any section
     * (its {@code updated_at}), a section added or a section reset, by the API or a command.
     */
    public static String version(List<ConfigEntity> sections) {
        StringBuilder state = new StringBuilder();
        sections.stream().sorted(Comparator.comparing(row -> row.section)).forEach(row -> state.append(row.section)
                .append('\u0000').append(row.updatedAt == null ? "-" : row.updatedAt.toString()).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
