package bot.volvox.ai.memory;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import bot.volvox.platform.actions.ServiceIdentity;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.kafka.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code /memory} (spec §3.7). The opt-out is ours ({@code memory_optouts}) and works without a memory store; the
 * memories themselves live in a mem0-compatible store ({@code MEM0_API_KEY}, {@code MEM0_BASE_URL}, default
 * {@value #DEFAULT_BASE_URL}): view lists them, forget deletes all or those a search for the topic finds, the admin
 * subcommands do the same for a member. Without a key they say the store is not configured; an opted-out member has
 * nothing stored to show. The bot does not write memories yet (no extraction after answers).
 */
@ApplicationScoped
public class MemoryCommands implements SlashCommandHandler {
    static final String NOT_CONFIGURED = "🧠 The memory store is not configured on this bot (no MEM0_API_KEY), so it "
            + "keeps no long-term memories about anyone: there is nothing to view or forget. "
            + "`/memory optout` still works and is honoured if a store is configured later.";
    static final String UNREACHABLE = "❌ The memory store did not answer; try again in a moment.";
    static final int MAX_LISTED = 20;
    static final String OPTED_OUT = "🔕 You're opted out: the bot will not remember anything about you. "
            + "Run `/memory optout` again to opt back in.";
    static final String OPTED_IN = "🔔 You're opted in again: the bot may remember things about you "
            + "(when a memory store is configured).";
    static final String ADMINS_ONLY = "❌ Only server admins can manage members' memories.";

    @Inject
    Pool pool;
    @Inject
    ProcessedEvents processed;
    @Inject
    ServiceIdentity identity;

    @Inject
    MemoryStore memory;

    private Optional<Mem0Client> store() {
        return memory.client();
    }

    /** {@code /memory view} and {@code /memory admin view} only read the store. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return "view".equals(command.subcommand());
    }

    @Override
    public Set<String> commands() {
        return Set.of("memory");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        String group = context.command().subcommandGroup();
        if ("admin".equals(group) && !CommandAccess.isAdmin(context.config(), context.interaction(),
                context.botOwner())) {
            return Uni.createFrom().item(Reply.text(ADMINS_ONLY));
        }
        if (group == null && "optout".equals(context.subcommand())) {
            return optout(context);
        }
        Optional<Mem0Client> store = store();
        if (store.isEmpty()) {
            return Uni.createFrom().item(Reply.text(NOT_CONFIGURED));
        }
        boolean admin = "admin".equals(group);
        String userId = admin ? context.user("user").map(u -> u.user().id()).orElse(context.invokerId())
                : context.invokerId();
        String who = admin ? "<@" + userId + ">" : "you";
        Uni<Reply> reply = switch (context.subcommand()) {
            case "view" -> memory.isOptedOut(userId).flatMap(out -> out
                    ? Uni.createFrom().item(Reply.text("🔕 " + (admin ? who + " has" : "You have")
                            + " opted out: nothing is remembered."))
                    : stored(() -> store.get().list(userId))
                            .map(memories -> Reply.text(render(who, memories))));
            case "forget" -> forget(store.get(), userId, context.string("topic"));
            case "clear" -> stored(() -> store.get().deleteAll(userId))
                    .replaceWith(Reply.text("🧹 Cleared every memory of " + who + "."));
            default -> Uni.createFrom().item(Reply.error("Unknown subcommand."));
        };
        return reply
                // the store failing is answered at once; the database being away is the router's to retry
                .onFailure(StoreFailure.class).recoverWithItem(failure -> Reply.text(UNREACHABLE));
    }

    private Uni<Reply> forget(Mem0Client store, String userId, Optional<String> topic) {
        if (topic.isEmpty()) {
            return stored(() -> store.deleteAll(userId))
                    .replaceWith(Reply.text("🧹 Forgot everything I remembered about you."));
        }
        return stored(() -> store.search(userId, topic.get())
                .thenCompose(found -> java.util.concurrent.CompletableFuture.allOf(found.stream()
                        .map(memory -> store.delete(memory.id())).toArray(java.util.concurrent.CompletableFuture[]::new))
                        .thenApply(ignored -> found.size())))
                .map(count -> Reply.text(count == 0 ? "🤷 I remember nothing about \"" + topic.get() + "\"."
                        : "🧹 Forgot " + count + " memor" + (count == 1 ? "y" : "ies") + " about \"" + topic.get()
                                + "\"."));
    }

    /** A failure of the memory store, told apart from the database's. */
    static final class StoreFailure extends RuntimeException {
        StoreFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static <T> Uni<T> stored(java.util.function.Supplier<? extends java.util.concurrent.CompletionStage<T>> call) {
        return Uni.createFrom().completionStage(call).onFailure().transform(StoreFailure::new);
    }

    static String render(String who, List<Mem0Client.Memory> memories) {
        if (memories.isEmpty()) {
            return "🧠 I remember nothing about " + who + ".";
        }
        StringBuilder text = new StringBuilder("🧠 What I remember about " + who + ":");
        memories.stream().limit(MAX_LISTED).forEach(memory -> text.append("\n• ").append(memory.text()));
        if (memories.size() > MAX_LISTED) {
            text.append("\n… and ").append(memories.size() - MAX_LISTED).append(" more.");
        }
        return text.toString();
    }

    /**
     * Toggles the invoker's opt-out once per interaction: the claim, the toggle and the resulting state (the claim's
     * outcome) commit together, and a redelivery answers with that stored state, whatever happened since.
     */
    private Uni<Reply> optout(CommandContext context) {
        String userId = context.invokerId();
        String claim = "memory-optout:" + context.id();
        return processed.runOnce(identity.name(), claim, connection -> connection
                .preparedQuery("DELETE FROM memory_optouts WHERE user_id = $1").execute(Tuple.of(userId))
                .flatMap(deleted -> {
                    boolean optedOut = deleted.rowCount() == 0;
                    Uni<?> toggled = optedOut ? connection.preparedQuery(
                            "INSERT INTO memory_optouts (user_id) VALUES ($1)").execute(Tuple.of(userId))
                            : Uni.createFrom().voidItem();
                    return toggled.flatMap(ignored -> connection.preparedQuery(
                            "UPDATE processed_events SET outcome = $3 WHERE consumer = $1 AND event_id = $2")
                            .execute(Tuple.of(identity.name(), claim, new JsonObject().put("optedOut", optedOut))));
                }))
                .flatMap(ignored -> pool.preparedQuery(
                        "SELECT outcome::text FROM processed_events WHERE consumer = $1 AND event_id = $2")
                        .execute(Tuple.of(identity.name(), claim)))
                .map(rows -> new JsonObject(rows.iterator().next().getString(0)).getBoolean("optedOut"))
                .map(out -> Reply.text(out ? OPTED_OUT : OPTED_IN));
    }
}
