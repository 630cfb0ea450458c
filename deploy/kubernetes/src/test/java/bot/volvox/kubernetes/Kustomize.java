package bot.volvox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (kubectl's built-in kustomize, v5.5 with kubectl 1.32), the
 * same renderer {@code kubectl apply -k} uses, so what is checked is what a cluster would receive.
 */
final class Kustomize {

    /** Overrides the kubectl found on PATH. */
    static final String KUBECTL_VARIABLE = "KUBECTL";

    private Kustomize() {
    }

    /**
     * The kubectl to run. A missing kubectl fails the tests with how to get one rather than skipping them: a
     * machine without it would otherwise report these checks green without having made any.
     */
    static Path kubectl() {
        String configured = System.getenv(KUBECTL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(KUBECTL_VARIABLE + "=" + configured + " is not an executable file");
            }
            return path;
        }
        return findOnPath("kubectl").orElseThrow(() -> new IllegalStateException(
                "kubectl is not on PATH: the Kubernetes manifests are rendered with `kubectl kustomize`. Install"
                        + " kubectl 1.27 or later (it carries kustomize v5) or point " + KUBECTL_VARIABLE
                        + " at one; see deploy/kubernetes/README.md"));
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every object {@code kubectl kustomize dir} prints, in order; fails with kubectl's own error otherwise. */
    static List<JsonNode> render(Path dir) {
        Path out;
        Path err;
        try {
            out = Files.createTempFile("kustomize-", ".yaml");
            err = Files.createTempFile("kustomize-", ".err");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Process process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                        + "):\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return parse(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            } catch (IOException ignored) {
                // temp files only
            }
        }
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }
}
