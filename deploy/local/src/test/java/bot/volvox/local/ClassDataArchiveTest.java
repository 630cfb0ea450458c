package bot.volvox.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The class-data archive of a real child JVM: written at its first exit, mapped by later runs, never half-kept. */
class ClassDataArchiveTest {

    /** What the child JVM runs: exits at once, or with an argument waits until it is stopped. */
    public static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("probe running");
            if (args.length > 0) {
                new CountDownLatch(1).await(); // until the test kills this JVM
            }
        }
    }

    @Test
    void theFirstRunWritesTheArchiveAtItsExitAndLaterRunsMapIt() throws Exception {
        Path dir = TestDirs.fresh("cds-written");
        Path jar = probeJar(dir);

        ClassDataArchive first = ClassDataArchive.beside(jar, true);
        assertThat(first.pending()).isNotNull();
        ChildProcess firstRun = runProbe(dir, "first", first.options());
        first.writtenBy(firstRun, Duration.ofSeconds(60));
        await().atMost(Duration.ofMinutes(1)).until(() -> !firstRun.isAlive());
        firstRun.stop();

        assertThat(first.archive()).isRegularFile().hasParent(dir);
        assertThat(pendingFiles(dir)).as("the archive written under its own name, then renamed into place").isEmpty();
        ClassDataArchive later = ClassDataArchive.beside(jar, false);
        assertThat(later.pending()).isNull();
        assertThat(later.options()).containsExactly("-XX:SharedArchiveFile=" + first.archive(), "-Xshare:auto");

        // -Xshare:on instead of auto: the JVM refuses to start unless it maps the archive
        List<String> mustMap = later.options().stream().map(o -> o.equals("-Xshare:auto") ? "-Xshare:on" : o).toList();
        ChildProcess laterRun = runProbe(dir, "later", mustMap);
        await().atMost(Duration.ofMinutes(1)).until(() -> !laterRun.isAlive());
        assertThat(laterRun.logTail()).contains("probe running");
        assertThat(exitCode(laterRun)).as(laterRun.logTail()).isZero();
    }

    @Test
    void aRunKilledOutrightKeepsNoArchive() throws Exception {
        Path dir = TestDirs.fresh("cds-killed");
        Path jar = probeJar(dir);
        ClassDataArchive archive = ClassDataArchive.beside(jar, true);
        ChildProcess run = runProbe(dir, "killed", archive.options(), "wait");
        archive.writtenBy(run, Duration.ofSeconds(60));
        await().atMost(Duration.ofMinutes(1)).until(() -> run.logTail().contains("probe running"));

        ProcessHandle.of(run.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofMinutes(1)).until(() -> !run.isAlive());
        run.stop();

        assertThat(archive.archive()).doesNotExist();
        assertThat(pendingFiles(dir)).isEmpty();
        assertThat(ClassDataArchive.beside(jar, false)).as("nothing to map, and this run may not write").isNull();
    }

    @Test
    void anArchiveOlderThanWhatItWasMadeFromIsRewrittenNotMapped() throws Exception {
        Path dir = TestDirs.fresh("cds-stale");
        Path jar = probeJar(dir);
        Path archive = ClassDataArchive.beside(jar, true).archive();
        Files.writeString(archive, "an archive of the jar before its rebuild");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(60)));

        assertThat(ClassDataArchive.beside(jar, false)).isNull();
        ClassDataArchive rewritten = ClassDataArchive.beside(jar, true);
        assertThat(rewritten.pending()).isNotNull();
        assertThat(rewritten.options()).contains("-XX:ArchiveClassesAtExit=" + rewritten.pending());
    }

    @Test
    void anArchiveOfAClasspathDirectoryIsStaleOnceAJarInItIsReplaced() throws Exception {
        Path lib = Files.createDirectories(TestDirs.fresh("cds-directory").resolve("lib"));
        Path jar = Files.writeString(lib.resolve("broker.jar"), "the broker's classes");
        Instant built = Instant.now().minusSeconds(120);
        Files.setLastModifiedTime(jar, FileTime.from(built));
        Files.setLastModifiedTime(lib, FileTime.from(built));
        Path archive = ClassDataArchive.beside(lib, true).archive();
        Files.writeString(archive, "an archive of that classpath");
        Files.setLastModifiedTime(archive, FileTime.from(built.plusSeconds(60)));
        assertThat(ClassDataArchive.beside(lib, false).options()).contains("-XX:SharedArchiveFile=" + archive);

        // a rebuild that copies a newer jar over the old one: the directory's own time stays as it was
        Files.writeString(jar, "the broker's classes, rebuilt");
        Files.setLastModifiedTime(lib, FileTime.from(built));
        assertThat(ClassDataArchive.beside(lib, false)).isNull();
    }

    private static ChildProcess runProbe(Path dir, String name, List<String> archiveOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.addAll(archiveOptions);
        command.addAll(List.of("-jar", dir.resolve("probe.jar").toString()));
        command.addAll(List.of(args));
        return ChildProcess.start(name, command, Map.of(), dir.resolve(name + ".log"), dir.resolve(name + ".pid"));
    }

    private static int exitCode(ChildProcess exited) {
        int[] code = {-1};
        exited.onExit(c -> code[0] = c);
        await().atMost(Duration.ofSeconds(10)).until(() -> code[0] >= 0);
        return code[0];
    }

    /** A jar, not a class directory: the JDK archives no class loaded from a directory. */
    private static Path probeJar(Path dir) throws IOException {
        Path jar = dir.resolve("probe.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream classFile = Probe.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    private static List<Path> pendingFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
