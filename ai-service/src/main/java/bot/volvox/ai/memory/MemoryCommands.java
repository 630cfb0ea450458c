package bot.volvox.ai.memory;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import bot.volvox.platform.actions.ServiceIdentity;
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
 * memories themselves live in a mem0-compatible store, which this service does not talk to yet: without
 * {@code MEM0_API_KEY} the other subcommands say the store is not configured, with it they say the client is not
 * built, instead of pretending to show or forget anything.
 */
@ApplicationScoped
public class MemoryCommands implements SlashCommandHandler {
    static final String NOT_CONFIGURED = "🧠 The memory store is not configured on this bot (no MEM0_API_KEY), so it "
            + "keeps no long-term memories about anyone: there is nothing to view or forget. "
            + "`/memory optout` still works and is honoured if a store is configured later.";
    static final String NOT_BUILT = "🧠 A memory store is configured, but this version of the bot cannot read or "
            + "change it yet. `/memory optout` works.";
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

    @ConfigProperty(name = "MEM0_API_KEY")
    Optional<String> mem0Key;

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
        boolean configured = mem0Key.filter(key -> !key.isBlank()).isPresent();
        return Uni.createFrom().item(Reply.text(configured ? NOT_BUILT : NOT_CONFIGURED));
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

    public Uni<Boolean> isOptedOut(String userId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM memory_optouts WHERE user_id = $1)")
                .execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getBoolean(0));
    }
}
