package bot.volvox.platform.api;

import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JSON error answers of every service's {@code /api/v1} ({@code {"error": …}}, and the field at fault). */
public final class ApiErrors {

    public static WebApplicationException of(int status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build());
    }

    /**
     * A refused configuration write: the body names the configuration path ({@code path}) and the request field at
     * fault ({@code field}: the path itself in a merge patch, {@code path} or {@code value} in a {@code {path, value}}
     * body).
     */
    public static WebApplicationException invalid(int status, String path, String field, String message) {
        String text = path.isEmpty() ? message : path + " " + message;
        return new WebApplicationException(text, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", text, "path", path, "field", field)).build());
    }

    /** A bad request parameter or body field: the body names it ({@code field}) beside the message. */
    public static WebApplicationException badField(String field, String message) {
        return new WebApplicationException(message, Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message, "field", field)).build());
    }

    public static String requireGuild(String guildId) {
        if (guildId == null || !guildId.matches("\\d{1,20}")) {
            throw badField("guildId", "guildId (a Discord id) is required");
        }
        return guildId;
    }

    /** A Discord id parameter other than the guild ({@code userId}, {@code channelId}): 1 to 20 digits, or absent. */
    public static String optionalId(String field, String value) {
        if (value != null && !value.matches("\\d{1,20}")) {
            throw badField(field, field + " must be a Discord id (1 to 20 digits)");
        }
        return value;
    }

    /** A yes/no parameter: 1/true/yes/on or 0/false/no/off; absent is null. */
    public static Boolean flag(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> Boolean.TRUE;
            case "0", "false", "no", "off" -> Boolean.FALSE;
            default -> throw badField(field, field + " must be one of 1, true, yes, on, 0, false, no, off");
        };
    }

    public static int limit(Integer limit, int fallback, int max) {
        int value = limit == null ? fallback : limit;
        if (value < 1 || value > max) {
            throw badField("limit", "limit must be between 1 and " + max);
        }
        return value;
    }

    public static int page(Integer page) {
        int value = page == null ? 1 : page;
        if (value < 1) {
            throw badField("page", "page must be at least 1");
        }
        return value;
    }

    private ApiErrors() {
    }
}
