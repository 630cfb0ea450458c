package bot.volvox.migrations;

/** A migration command failed; the message is one line, fit for the terminal and the logs. */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Liquibase wraps the real cause (an SQL error, a failed lock) several levels deep; the innermost
     * message names it. Collapsed to one line because SQL errors span several.
     */
    static String rootMessage(Throwable error) {
        Throwable deepest = error;
        String message = error.getMessage();
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
            if (deepest.getMessage() != null && !deepest.getMessage().isBlank()) {
                message = deepest.getMessage();
            }
        }
        if (message == null || message.isBlank()) {
            message = deepest.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
