package bot.volvox.gateway.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;

/** Points every shard at a configured gateway ({@code DISCORD_GATEWAY_URL}) instead of asking Discord for one. */
final class FixedGatewaySessionController extends SessionControllerAdapter {
    private final String gatewayUrl;

    FixedGatewaySessionController(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public String getGateway() {
        return gatewayUrl;
    }

    @Override
    public ShardedGateway getShardedGateway(JDA api) {
        return new ShardedGateway(gatewayUrl, api.getShardInfo().getShardTotal());
    }
}
