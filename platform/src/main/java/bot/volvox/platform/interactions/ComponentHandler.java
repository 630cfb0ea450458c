package bot.volvox.platform.interactions;

import io.smallrye.mutiny.Uni;

/**
 * Answers buttons, select menus and modals whose custom id starts with {@link #customIdPrefix()}. Prefixes are
 * unique across the services (the service that put a component on a message answers it), and no prefix of one
 * service may start another's within a service.
 */
public interface ComponentHandler {

    String customIdPrefix();

    Uni<Reply> handle(ComponentContext context);
}
