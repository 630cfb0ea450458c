package bot.volvox.sandbox;

/** Users: the bot itself, any user, and the DM channel the bot opens with one. */
final class UserRoutes {
    private final SandboxState state;

    UserRoutes(SandboxState state) {
        this.state = state;
    }

    void register(RestApi.Routes routes) {
        routes.bot("GET", "users/@me", call -> state.json.selfUser());
        routes.bot("POST", "users/@me/channels", call -> {
            String recipient = call.body().getString("recipient_id");
            if (recipient == null) {
                throw DiscordApiException.invalidForm("recipient_id", "BASE_TYPE_REQUIRED",
                        "This field is required");
            }
            return state.json.channel(state.dmChannel(Long.parseLong(recipient)));
        });
        routes.bot("GET", "users/{user_id}", call -> state.json.user(state.requireUser(call.id("user_id"))));
    }
}
