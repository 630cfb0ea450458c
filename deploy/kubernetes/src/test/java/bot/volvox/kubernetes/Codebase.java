package bot.volvox.kubernetes;

import bot.volvox.platform.config.VolvoxSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the code says a deployment must provide, read from the checkout itself (poms, application.properties,
 * platform's defaults, Java sources), so the manifests are checked against the code as it is, not against a list
 * that could drift from it.
 */
final class Codebase {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    /** {@code ${VAR}} or {@code ${VAR:default}} with an environment-variable-like name. */
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(\\s*name\\s*=\\s*(?:\"([^\"]+)\"|([A-Z_.]+))(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("=\\s*\"([a-z][a-z0-9-]*\\.[a-z0-9.-]+)\"\\s*;");

    final Path root;
    private final Map<String, String> dirByArtifactId = new LinkedHashMap<>();
    private final List<String> moduleDirs = new ArrayList<>();

    private Codebase(Path root) {
        this.root = root;
        for (String dir : matches(MODULE, read(root.resolve("pom.xml")))) {
            moduleDirs.add(dir);
            dirByArtifactId.put(artifactId(dir), dir);
        }
    }

    static Codebase checkout() {
        String configured = System.getProperty("volvox.checkout");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.dir"));
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("deploy/kubernetes/base"))) {
                return new Codebase(dir);
            }
        }
        throw new IllegalStateException("No Volvox checkout (pom.xml with deploy/kubernetes/base) above " + start);
    }

    /** The project's version without -SNAPSHOT: the tag a release's images carry. */
    String releaseVersion() {
        Matcher m = Pattern.compile("<artifactId>volvox-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(root.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in pom.xml");
        }
        return m.group(1).replace("-SNAPSHOT", "");
    }

    /** A property of the parent pom, e.g. postgres-binaries.version. */
    String parentProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
                .matcher(read(root.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no <" + name + "> in pom.xml");
        }
        return m.group(1).trim();
    }

    /** Modules that package a Quarkus application, i.e. that become an image. */
    Set<String> deployableModules() {
        return moduleDirs.stream()
                .filter(dir -> read(root.resolve(dir).resolve("pom.xml")).contains("quarkus-maven-plugin"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    Module module(String dir) {
        if (!moduleDirs.contains(dir)) {
            throw new IllegalArgumentException("no module " + dir + " in pom.xml");
        }
        return new Module(dir);
    }

    private String artifactId(String dir) {
        String pom = read(root.resolve(dir).resolve("pom.xml"));
        // the first artifactId after the parent block is the module's own
        int parentEnd = pom.indexOf("</parent>");
        Matcher m = ARTIFACT_ID.matcher(parentEnd < 0 ? pom : pom.substring(parentEnd));
        if (!m.find()) {
            throw new IllegalStateException("no artifactId in " + dir + "/pom.xml");
        }
        return m.group(1);
    }

    /** The module and every bot.volvox module it depends on outside test scope, transitively, module first. */
    private List<String> withDependencies(String dir) {
        Set<String> seen = new LinkedHashSet<>();
        collect(dir, seen);
        return List.copyOf(seen);
    }

    private void collect(String dir, Set<String> seen) {
        if (!seen.add(dir)) {
            return;
        }
        Matcher dependencies = DEPENDENCY.matcher(read(root.resolve(dir).resolve("pom.xml")));
        while (dependencies.find()) {
            String dependency = dependencies.group(1);
            if (!dependency.contains("<groupId>bot.volvox</groupId>") || dependency.contains("<scope>test</scope>")
                    || dependency.contains("<type>test-jar</type>")) {
                continue;
            }
            Matcher artifact = ARTIFACT_ID.matcher(dependency);
            if (artifact.find() && dirByArtifactId.containsKey(artifact.group(1))) {
                collect(dirByArtifactId.get(artifact.group(1)), seen);
            }
        }
    }

    final class Module {
        final String dir;
        final List<String> dirs;
        /** platform's defaults, the domain channels where they apply, then application.properties over them. */
        final Properties properties = new Properties();

        private Module(String dir) {
            this.dir = dir;
            this.dirs = withDependencies(dir);
            if (dirs.contains("platform")) {
                Path platform = root.resolve("platform/src/main/resources");
                load(platform.resolve("META-INF/microprofile-config.properties"));
                load(platform.resolve("bot/volvox/platform/kafka/volvox-kafka-defaults.properties"));
            }
            Properties own = loadInto(new Properties(), root.resolve(dir).resolve("src/main/resources/application.properties"));
            if (dirs.contains("platform") && !"gateway".equals(own.getProperty("volvox.role", "domain"))) {
                load(root.resolve("platform/src/main/resources/bot/volvox/platform/kafka/volvox-domain-channels.properties"));
            }
            // %profile.* entries apply to tests and dev only
            own.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                    .forEach(k -> properties.setProperty(k, own.getProperty(k)));
        }

        private void load(Path file) {
            loadInto(properties, file);
        }

        String applicationName() {
            return properties.getProperty("quarkus.application.name", artifactId(dir));
        }

        boolean isGateway() {
            return "gateway".equals(properties.getProperty("volvox.role"));
        }

        int httpPort() {
            return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
        }

        /** Where SmallRye Health serves {@code kind} (live, ready, started), from the properties that move it. */
        String healthPath(String kind) {
            String nonApplication = properties.getProperty("quarkus.http.non-application-root-path", "q");
            String health = properties.getProperty("quarkus.smallrye-health.root-path", "health");
            String sub = properties.getProperty("quarkus.smallrye-health." + (kind.equals("ready") ? "readiness"
                    : kind.equals("live") ? "liveness" : "startup") + "-path", kind);
            return "/" + strip(nonApplication) + "/" + strip(health) + "/" + strip(sub);
        }

        String metricsPath() {
            return properties.getProperty("quarkus.micrometer.export.prometheus.path", "/q/metrics");
        }

        boolean hasDependency(String artifactId) {
            return dirs.stream().anyMatch(d -> read(root.resolve(d).resolve("pom.xml"))
                    .contains("<artifactId>" + artifactId + "</artifactId>"));
        }

        /** Topics of the channels this module consumes (its consumer group reads them). */
        Set<String> incomingTopics() {
            return channelValues("incoming", ".topic");
        }

        /** Every topic it reads, writes or dead-letters to. */
        Set<String> allTopics() {
            Set<String> topics = new TreeSet<>(channelValues("incoming", ".topic"));
            topics.addAll(channelValues("outgoing", ".topic"));
            topics.addAll(channelValues("incoming", ".dead-letter-queue.topic"));
            return topics;
        }

        /**
         * The values of a channel property; for {@code .topic} also each topic a {@code .topics} list names, with the
         * service's name for {@code ${quarkus.application.name}}.
         */
        private Set<String> channelValues(String direction, String suffix) {
            Pattern key = Pattern.compile("mp\\.messaging\\." + direction + "\\.[^.]+"
                    + Pattern.quote(suffix) + (suffix.equals(".topic") ? "s?" : ""));
            return properties.stringPropertyNames().stream().filter(k -> key.matcher(k).matches())
                    .map(properties::getProperty)
                    // platform's domain channels name a service's own topics after it
                    .map(value -> value.replace("${quarkus.application.name}", applicationName()))
                    .flatMap(value -> Stream.of(value.split(",")))
                    .map(String::trim).collect(Collectors.toCollection(TreeSet::new));
        }

        /**
         * The environment variables this module reads: those platform-config maps, every {@code ${VAR}} in its
         * (and its libraries') configuration and code, every {@code @ConfigProperty} named like a variable, and a
         * dotted property whose variable form the same source file names (bot.owner.ids ← BOT_OWNER_IDS).
         */
        Set<String> variablesRead() {
            Set<String> variables = new TreeSet<>();
            if (dirs.contains("platform-config")) {
                VolvoxSettings.VARIABLES.stream().filter(v -> v.matches("[A-Z][A-Z0-9_]*")).forEach(variables::add);
            }
            properties.stringPropertyNames().forEach(k -> variables.addAll(matches(VARIABLE_REFERENCE, properties.getProperty(k))));
            for (Path file : sources()) {
                String text = read(file);
                if (file.toString().endsWith(".properties")) {
                    // comments may name variables that are not read
                    text = text.lines().filter(l -> !l.stripLeading().startsWith("#")).collect(Collectors.joining("\n"));
                    if (file.getFileName().toString().equals("application.properties")) {
                        text = text.lines().filter(l -> !l.startsWith("%")).collect(Collectors.joining("\n"));
                    }
                }
                variables.addAll(matches(VARIABLE_REFERENCE, text));
                Matcher m = CONFIG_PROPERTY.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    if (name == null) {
                        continue;
                    }
                    if (name.matches("[A-Z][A-Z0-9_]*")) {
                        variables.add(name);
                    } else {
                        String variable = environmentForm(name);
                        if (Pattern.compile("\\b" + variable + "\\b").matcher(text).find()) {
                            variables.add(variable);
                        }
                    }
                }
            }
            return variables;
        }

        /** The value of a property, from the properties or else a {@code @ConfigProperty} default in the code. */
        Optional<String> configValue(String property) {
            if (properties.getProperty(property) != null) {
                return Optional.of(properties.getProperty(property));
            }
            for (Path file : sources()) {
                Matcher m = CONFIG_PROPERTY.matcher(read(file));
                while (m.find()) {
                    if (property.equals(m.group(1)) && m.group(3) != null) {
                        return Optional.of(m.group(3));
                    }
                }
            }
            return Optional.empty();
        }

        /** Every property key the project's own configuration of this module names. */
        Set<String> propertyNames() {
            return properties.stringPropertyNames();
        }

        List<Path> sources() {
            List<Path> files = new ArrayList<>();
            for (String d : dirs) {
                Path main = root.resolve(d).resolve("src/main");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(main)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".properties"))
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return files;
        }

        @Override
        public String toString() {
            return dir;
        }
    }

    /** Topic names declared as constants in platform's contract (Topics). */
    Set<String> contractTopics() {
        return new TreeSet<>(matches(TOPIC_CONSTANT,
                read(root.resolve("platform/src/main/java/bot/volvox/platform/contract/Topics.java"))));
    }

    /** Changeset ids of db-migrations' changelog ({@code --changeset author:id} lines). */
    Set<String> changesetIds() {
        Path dir = root.resolve("db-migrations/src/main/resources/db/changelog");
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                ids.addAll(matches(Pattern.compile("(?m)^--changeset [^:\\s]+:(\\S+)"), read(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** The variable that SmallRye Config maps onto {@code property}. */
    static String environmentForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Properties loadInto(Properties properties, Path file) {
        if (!Files.isRegularFile(file)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String strip(String segment) {
        return segment.replaceAll("^/+|/+$", "");
    }
}
