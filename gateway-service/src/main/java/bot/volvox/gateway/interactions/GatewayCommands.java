package bot.volvox.gateway.interactions;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.gateway.events.EventMapper;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfigs;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;

/**
 * The commands the registry gives to the gateway: only it can measure what they report. {@code /ping} shows the
 * gateway heartbeat's round trip (JDA's {@code getGatewayPing}) and the REST round trip of this very command's
 * deferral. They are checked against {@code permissions.allowedCommands} like every command ({@link CommandAccess}),
 * and are not published to Kafka (nobody else would answer them), so they are not counted in command usage.
 */
@ApplicationScoped
public class GatewayCommands {
    private static final Logger LOG = Logger.getLogger(GatewayCommands.class);

    @Inject
    GuildConfigs configs;

    @Inject
    CommandAccess access;

    void answer(SlashCommandInteractionEvent event, SlashCommand command) {
        long deferredAt = System.nanoTime();
        event.deferReply(command.ephemeral()).queue(hook -> {
            long restMillis = (System.nanoTime() - deferredAt) / 1_000_000;
            long gatewayMillis = event.getJDA().getGatewayPing();
            answer(hook, EventMapper.slashCommand(event, command.name(), command.ephemeral()), command,
                    "🏓 Pong!\nGateway heartbeat: " + gatewayMillis + " ms\nREST round trip: " + restMillis + " ms");
        }, failure -> LOG.warnf("/%s could not be deferred: %s", command.name(), failure.getMessage()));
    }

    private void answer(InteractionHook hook, DiscordEvent event, SlashCommand command, String answer) {
        if (event.guildId() == null) {
            hook.editOriginal("❌ This command only works in a server.").queue();
            return;
        }
        EventPayload.Interaction invoker = ((EventPayload.SlashCommand) event.payload()).interaction();
        configs.settings(event.guildId()).subscribe().with(config -> {
            Optional<String> refusal = CommandAccess.refusal(config, invoker, access.isBotOwner(invoker),
                    command.name());
            hook.editOriginal(refusal.orElse(answer)).queue();
        }, failure -> {
            LOG.warnf("/%s: the configuration of guild %s could not be read: %s", command.name(), event.guildId(),
                    failure.getMessage());
            hook.editOriginal("❌ The bot could not finish this right now: a service it needs is unavailable. "
                    + "Please try again in a minute.").queue();
        });
    }
}
