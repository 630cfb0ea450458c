package bot.volvox.platform.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How the services talk TLS to PostgreSQL, decided from {@code DATABASE_URL}, {@code DATABASE_SSL} and the
 * CA file ({@code sslrootcert} URL parameter, else {@code PGSSLROOTCERT}).
 *
 * <p>Order (the original bot's, plus one fix marked *):
 * <ol>
 * <li>URL {@code sslmode} ∈ disable/off/false → off (beats everything)</li>
 * <li>{@code railway.internal} in the host or anywhere in the URL → off</li>
 * <li>{@code DATABASE_SSL} false/off/disable/0 → off; no-verify → TLS without verification;
 *     true/on/require/1 → TLS with full verification</li>
 * <li>* URL {@code sslmode} no-verify → TLS without verification; require/verify-ca/verify-full → verified TLS
 *     (the original ignored these, silently turning TLS off on localhost)</li>
 * <li>{@code DATABASE_SSL} unset and host localhost/127.0.0.1/::1 → off</li>
 * <li>any other {@code DATABASE_SSL} value → one warning, then the secure default</li>
 * <li>default: TLS with full verification</li>
 * </ol>
 */
public record DatabaseTls(Mode mode, Optional<Path> caFile, Optional<String> warning) {

    public static final String SSL_VARIABLE = "DATABASE_SSL";
    public static final String CA_VARIABLE = "PGSSLROOTCERT";

    public enum Mode {
        /** plain TCP */
        OFF,
        /** encrypted, server certificate not checked */
        NO_VERIFY,
        /** encrypted, certificate chain and host name checked */
        VERIFY_FULL
    }

    private static final Set<String> OFF_VALUES = Set.of("false", "off", "disable", "0");
    private static final Set<String> VERIFIED_VALUES = Set.of("true", "on", "require", "1");
    private static final Set<String> URL_OFF_MODES = Set.of("disable", "off", "false");
    private static final Set<String> URL_VERIFIED_MODES = Set.of("require", "verify-ca", "verify-full");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1");

    public static DatabaseTls decide(DatabaseUrl url, String rawUrl, String databaseSsl, String pgSslRootCert) {
        String sslmode = url.parameter("sslmode").map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
        String ssl = databaseSsl == null ? "" : databaseSsl.trim().toLowerCase(Locale.ROOT);
        Optional<Path> caFile = caFile(url, pgSslRootCert);

        if (URL_OFF_MODES.contains(sslmode)) {
            return off();
        }
        if (url.host().contains("railway.internal") || rawUrl.toLowerCase(Locale.ROOT).contains("railway.internal")) {
            return off();
        }
        if (OFF_VALUES.contains(ssl)) {
            return off();
        }
        if (ssl.equals("no-verify")) {
            return new DatabaseTls(Mode.NO_VERIFY, Optional.empty(), Optional.empty());
        }
        if (VERIFIED_VALUES.contains(ssl)) {
            return new DatabaseTls(Mode.VERIFY_FULL, caFile, Optional.empty());
        }
        Optional<String> warning = ssl.isEmpty() ? Optional.empty()
                : Optional.of("Unrecognized " + SSL_VARIABLE + " value '" + printable(ssl)
                        + "' (expected false/off/disable/0, no-verify, true/on/require/1 or unset); "
                        + "using the secure default: TLS with full certificate verification");
        if (sslmode.equals("no-verify")) {
            return new DatabaseTls(Mode.NO_VERIFY, Optional.empty(), warning);
        }
        if (URL_VERIFIED_MODES.contains(sslmode)) {
            return new DatabaseTls(Mode.VERIFY_FULL, caFile, warning);
        }
        if (ssl.isEmpty() && LOCAL_HOSTS.contains(url.host())) {
            return off();
        }
        return new DatabaseTls(Mode.VERIFY_FULL, caFile, warning);
    }

    private static DatabaseTls off() {
        return new DatabaseTls(Mode.OFF, Optional.empty(), Optional.empty());
    }

    private static Optional<Path> caFile(DatabaseUrl url, String pgSslRootCert) {
        Optional<String> fromUrl = url.parameter("sslrootcert");
        String variable = fromUrl.isPresent() ? DatabaseUrl.VARIABLE + " parameter sslrootcert" : CA_VARIABLE;
        Optional<String> value = fromUrl.or(() -> Optional.ofNullable(pgSslRootCert).map(String::trim).filter(v -> !v.isEmpty()));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(value.get());
        if (!Files.isReadable(path)) {
            throw new InvalidSettingException(variable, "points at '" + path + "', which is not a readable file");
        }
        return Optional.of(path.toAbsolutePath());
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
