package bot.volvox.platform.interactions;

import bot.volvox.platform.contract.EventPayload.Author;

/** How a user is shown in answers and stored in records ({@code user_tag}, {@code moderator_tag} columns). */
public final class Tags {

    /** {@code "<globalName> (@<username>)"} when the global name differs, else the username, else the id. */
    public static String of(Author user) {
        if (user == null) {
            return "unknown";
        }
        if (user.username() == null) {
            return user.id();
        }
        if (user.globalName() != null && !user.globalName().equals(user.username())) {
            return user.globalName() + " (@" + user.username() + ")";
        }
        return user.username();
    }

    private Tags() {
    }
}
