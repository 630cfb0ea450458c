package bot.volvox.sandbox;

import io.vertx.core.json.JsonObject;

/**
 * A Discord REST error: the HTTP status plus Discord's JSON error body ({@code code}, {@code message},
 * {@code errors}). The Java API throws it too when an act is one Discord would refuse (e.g. an unknown member).
 */
public final class DiscordApiException extends RuntimeException {
    final int status;
    final int code;
    final JsonObject errors;

    DiscordApiException(int status, int code, String message) {
        this(status, code, message, null);
    }

    DiscordApiException(int status, int code, String message, JsonObject errors) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    public int status() {
        return status;
    }

    /** Discord's JSON error code, e.g. 10007 Unknown Member. */
    public int code() {
        return code;
    }

    JsonObject body() {
        JsonObject body = new JsonObject().put("message", getMessage()).put("code", code);
        if (errors != null) {
            body.put("errors", errors);
        }
        return body;
    }

    static DiscordApiException unknownChannel() {
        return new DiscordApiException(404, 10003, "Unknown Channel");
    }

    static DiscordApiException unknownMember() {
        return new DiscordApiException(404, 10007, "Unknown Member");
    }

    static DiscordApiException unknownUser() {
        return new DiscordApiException(404, 10013, "Unknown User");
    }

    static DiscordApiException unknownMessage() {
        return new DiscordApiException(404, 10008, "Unknown Message");
    }

    static DiscordApiException unknownBan() {
        return new DiscordApiException(404, 10026, "Unknown Ban");
    }

    static DiscordApiException unknownRole() {
        return new DiscordApiException(404, 10011, "Unknown Role");
    }

    static DiscordApiException unknownGuild() {
        return new DiscordApiException(404, 10004, "Unknown Guild");
    }

    static DiscordApiException missingPermissions() {
        return new DiscordApiException(403, 50013, "Missing Permissions");
    }

    static DiscordApiException missingAccess() {
        return new DiscordApiException(403, 50001, "Missing Access");
    }

    /** Discord's 50035 with one field error, e.g. {@code content: BASE_TYPE_MAX_LENGTH}. */
    static DiscordApiException invalidForm(String field, String errorCode, String errorMessage) {
        JsonObject errors = new JsonObject().put(field, new JsonObject().put("_errors",
                new io.vertx.core.json.JsonArray().add(new JsonObject().put("code", errorCode).put("message", errorMessage))));
        return new DiscordApiException(400, 50035, "Invalid Form Body", errors);
    }
}
