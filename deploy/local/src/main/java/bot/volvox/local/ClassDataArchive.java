package bot.volvox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * AppCDS without a build step, for the child JVMs of the local system (the services and the Kafka broker): the JDK's
 * dynamic archive of the classes a JVM loaded, written by its first {@code ./volvox run} when it exits and mapped by
 * every later run, tests too (a service starts with about a third less CPU, the broker with 4.0 instead of 5.5
 * CPU-seconds). It lives beside what the JVM runs (a service's jar, the broker's classpath directory), so a build that
 * rewrites that makes it stale (then the next {@code ./volvox run} writes a new one), and it is named after the JVM's
 * version, since an archive only fits the JVM that made it. The archive is written under a name of its own and renamed
 * into place only when the JVM exited by itself or by SIGTERM: a run killed outright may have left half a file, and
 * two first runs at once each write their own.
 *
 * @param options the JVM options that use or write the archive
 * @param pending where this run writes a new archive, or null when it only uses one
 */
record ClassDataArchive(List<String> options, Path archive, Path pending) {

    /** SIGKILL's exit code (128 + 9): the JVM may have been killed while writing the archive. */
    private static final int KILLED = 137;

    /**
     * The archive for the JVM that runs {@code artifact}: the up-to-date one, or (when {@code mayWrite}) a new one this
     * run writes; null when there is none and this run may not write one.
     */
    static ClassDataArchive beside(Path artifact, boolean mayWrite) {
        Path archive = artifact.resolveSibling("volvox-cds-"
                + Runtime.version().toString().replaceAll("[^0-9A-Za-z.+-]", "_") + ".jsa");
        try {
            if (Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(lastModified(artifact)) > 0) {
                // auto: an archive the JVM cannot use (other options, say) only costs the speed-up, never the start
                return new ClassDataArchive(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"), archive, null);
            }
        } catch (IOException e) {
            return null;
        }
        if (!mayWrite) {
            return null;
        }
        Path pending = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
        // the dump lists every class it skips (lambda forms, generated accessors) as a warning: noise in the log
        return new ClassDataArchive(List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off"), archive, pending);
    }

    /** A directory (a classpath of jars) changes when a jar in it is replaced, which leaves the directory's own time. */
    private static FileTime lastModified(Path artifact) throws IOException {
        FileTime newest = Files.getLastModifiedTime(artifact);
        if (Files.isDirectory(artifact)) {
            try (Stream<Path> entries = Files.list(artifact)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    FileTime time = Files.getLastModifiedTime(entry);
                    if (time.compareTo(newest) > 0) {
                        newest = time;
                    }
                }
            }
        }
        return newest;
    }

    /**
     * When this run writes the archive: keeps it once {@code child} has exited, and gives the child {@code stopGrace}
     * to stop, since the dump comes after its own shutdown and a killed dump leaves no archive.
     */
    void writtenBy(ChildProcess child, Duration stopGrace) {
        if (pending != null) {
            child.afterExit(this::keep);
            child.stopGrace(stopGrace);
        }
    }

    private void keep(int exitCode) {
        try {
            if (exitCode != KILLED && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(pending);
            }
        } catch (IOException e) {
            // the next run tries again
        }
    }
}
