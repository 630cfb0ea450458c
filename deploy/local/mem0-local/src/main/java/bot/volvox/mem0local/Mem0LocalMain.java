package bot.volvox.mem0local;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the local mem0 store on its own: {@code java -cp ... bot.volvox.mem0local.Mem0LocalMain [port]} (default
 * {@value Mem0Local#DEFAULT_PORT}); point ai-service at it with {@code MEM0_BASE_URL} and any {@code MEM0_API_KEY}.
 */
public final class Mem0LocalMain {
    private Mem0LocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Mem0Local server = Mem0Local.start(args.length > 0 ? Integer.parseInt(args[0]) : Mem0Local.DEFAULT_PORT);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Local mem0-compatible memory store at " + server.baseUrl());
        new CountDownLatch(1).await();
    }
}
