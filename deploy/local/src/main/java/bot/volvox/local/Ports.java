package bot.volvox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port helpers for servers that must be told a concrete port. */
public final class Ports {

    private Ports() {
    }

    /**
     * The ports {@link #orFree} handed out in this JVM: the servers start side by side, and the system may offer a
     * port it just offered to one of them, before that server binds it (the test Redis once found its port taken by
     * the Kafka starting next to it).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** {@code port}, or a currently free loopback port when it is 0, never one handed out before in this JVM. */
    public static int orFree(int port) {
        if (port != 0) {
            return port;
        }
        while (true) {
            int candidate;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                candidate = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free port on 127.0.0.1", e);
            }
            // another process may bind a port the system just offered here, before it is handed out
            if (HANDED_OUT.add(candidate) && !isListening(candidate)) {
                return candidate;
            }
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
            // a port in the ephemeral range can be given to this very socket as its source port, and TCP then
            // connects the socket to itself although nothing listens there
            return socket.getLocalPort() != port;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a clear message when a fixed port is taken by something else. */
    public static void requireFree(int port, String server) {
        if (isListening(port)) {
            throw new IllegalStateException("Port " + port + " for " + server
                    + " is already in use by another program; stop it or choose another port");
        }
    }
}
