package bot.volvox.anthropiclocal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local Anthropic server on its own: {@code java -cp ... bot.volvox.anthropiclocal.AnthropicLocalMain
 * [port] [latencyMillis]} (defaults {@value AnthropicLocal#DEFAULT_PORT} and 0).
 */
public final class AnthropicLocalMain {
    private AnthropicLocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : AnthropicLocal.DEFAULT_PORT;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 0;
        AnthropicLocal server = AnthropicLocal.start(port, Duration.ofMillis(latency));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Local Anthropic Messages API (" + AnthropicLocal.LABEL + ") at " + server.baseUrl());
        new CountDownLatch(1).await();
    }
}
