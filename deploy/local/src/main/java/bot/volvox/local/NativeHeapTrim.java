package bot.volvox.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM option that hands freed malloc memory back to the system every few seconds
 * ({@code -XX:TrimNativeHeapInterval}), for the local system's child JVMs. glibc keeps what a burst freed in its
 * arenas; {@code jcmd <pid> System.trim_native_heap} gave back 5 MiB of a service's after a load, about 35 MiB over
 * the whole local system. The option exists from Java 17.0.9 and 21.0.1 on (experimental in some releases), and an
 * older JVM refuses to start with it, so the JVM that starts the children is asked once whether it takes it.
 */
final class NativeHeapTrim {
    private static final List<String> OPTIONS = List.of("-XX:+UnlockExperimentalVMOptions",
            "-XX:TrimNativeHeapInterval=5000");
    private static volatile List<String> supported;

    private NativeHeapTrim() {
    }

    /** The options, or none when this JVM does not know them. */
    static List<String> options() {
        List<String> known = supported;
        if (known == null) {
            known = accepted() ? OPTIONS : List.of();
            supported = known;
        }
        return known;
    }

    private static boolean accepted() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process probe = new ProcessBuilder(java, OPTIONS.get(0), OPTIONS.get(1), "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
