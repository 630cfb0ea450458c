package bot.volvox.gateway.interactions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;

/**
 * Autocomplete interactions waiting for their owning service's {@code AUTOCOMPLETE_CHOICES}. Discord allows 3 s and
 * no deferral; whatever has not been answered after {@link #ANSWER_WITHIN_MS} gets an empty list, so the user sees
 * "no options" rather than an error.
 */
@ApplicationScoped
public class PendingAutocompletes {
    static final long ANSWER_WITHIN_MS = 2500;

    private final Map<String, CommandAutoCompleteInteractionEvent> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "autocomplete-timeout");
        thread.setDaemon(true);
        return thread;
    });

    public void await(CommandAutoCompleteInteractionEvent event) {
        pending.put(event.getId(), event);
        timer.schedule(() -> answer(event.getId(), List.of()), ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
    }

    /** Answers the interaction if it is still open here; false when it is unknown or already answered. */
    public boolean answer(String interactionId, List<Command.Choice> choices) {
        CommandAutoCompleteInteractionEvent event = pending.remove(interactionId);
        if (event == null) {
            return false;
        }
        event.replyChoices(choices).queue(ok -> {
        }, error -> {
        });
        return true;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
