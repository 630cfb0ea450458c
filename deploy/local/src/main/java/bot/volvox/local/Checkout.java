package bot.volvox.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the root of the source checkout, where the packaged modules and the Kafka broker classpath live. */
public final class Checkout {

    /** Set by surefire in the parent pom (and by ./volvox) to the checkout root. */
    public static final String PROPERTY = "volvox.checkout";

    private Checkout() {
    }

    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Volvox checkout above " + start
                + "; run from inside it or set -D" + PROPERTY + "=<checkout root>");
    }
}
