package bot.volvox.kubernetes;

import static bot.volvox.kubernetes.Rendered.containers;
import static bot.volvox.kubernetes.Rendered.id;
import static bot.volvox.kubernetes.Rendered.map;
import static bot.volvox.kubernetes.Rendered.module;
import static bot.volvox.kubernetes.Rendered.name;
import static bot.volvox.kubernetes.Rendered.podLabels;
import static bot.volvox.kubernetes.Rendered.podSpec;
import static bot.volvox.kubernetes.Rendered.selects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the base and every overlay of deploy/kubernetes with {@code kubectl kustomize} and checks what a cluster
 * would receive against the code: the variables each service reads, the port and health paths Quarkus serves, the
 * images' modules, the migration gate, where secrets come from, the Kafka topics the code uses, and what production
 * needs (disruption budgets, spreading, resources, graceful shutdown, network policies, autoscaling within the
 * partitions, database connections within max_connections). Custom resources parse into the operators' published
 * models (Strimzi; the Prometheus Operator's through fabric8) or, without one on Maven Central (CloudNativePG, KEDA),
 * have their required fields checked.
 */
class KubernetesManifestsTest {

    static final Codebase CODE = Codebase.checkout();
    static final Path KUSTOMIZE_ROOT = CODE.root.resolve("deploy/kubernetes");
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /**
     * Variables a service reads whose unset default is right on Kubernetes, and why. Any other variable a service
     * reads must be set in its pod.
     */
    static final Map<String, String> DELIBERATELY_DEFAULTED = Map.ofEntries(
            Map.entry("DISCORD_API_BASE_URL", "unset: Discord's own REST API (set only to point at the local Discord sandbox)"),
            Map.entry("DISCORD_GATEWAY_URL", "unset: the gateway URL Discord hands out (set only for the local Discord sandbox)"),
            Map.entry("DISCORD_SHARD_IDS", "unset: each pod of the StatefulSet takes the shards of its ordinal among"
                    + " VOLVOX_GATEWAY_REPLICAS (checked below; one value would be every pod's)"),
            Map.entry("HOSTNAME", "set by Kubernetes to the pod's name, gateway-service-<ordinal> in the StatefulSet"),
            Map.entry("PGSSLROOTCERT", "unset: the JVM trust store; the cluster's DATABASE_SSL=no-verify does not verify anyway"),
            Map.entry("PG_IDLE_TIMEOUT_MS", "30000 ms, the README's default"),
            Map.entry("PG_CONNECTION_TIMEOUT_MS", "10000 ms, the README's default"),
            Map.entry("PG_SLOW_QUERY_MS", "100 ms, the README's default"),
            Map.entry("MEM0_BASE_URL", "unset: mem0's hosted API (set only for a self-hosted mem0-compatible store)"),
            Map.entry("BOT_OWNER_IDS", "unset: no bot owners, every command goes through the guild's permissions"),
            Map.entry("REDIS_TTL_MEMBERS", "60 s, how long the gateway's cached member lookups live in Redis"),
            Map.entry("REDIS_TTL_ROLES", "300 s, how long the gateway's cached guild roles live in Redis"),
            Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "unset: no span exporter (traceparent headers are written anyway);"
                    + " set it to the cluster's Jaeger, Tempo or OpenTelemetry Collector to see traces"),
            Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc, the protocol of an OTLP receiver's port 4317"),
            Map.entry("DASHBOARD_WEBHOOK_URL", "unset: moderation posts no config.changed / moderation.action notices"
                    + " (set it in volvox-settings to the dashboard's https receiver to turn them on)"),
            Map.entry("CONFIG_CHANGE_WEBHOOK_URL", "unset: a global config write (PUT /api/v1/config) notifies no one"
                    + " (set it in volvox-settings to an https receiver to turn it on)"),
            Map.entry("WEBHOOK_SECRET", "set from volvox-secrets in moderation and analytics, which post webhooks;"
                    + " gateway, ai and scheduler post none (platform's WebhookDelivery is only on their classpath)"));

    /**
     * Measured under ./volvox run (every service with -Xmx256m, after start and after a burst of messages, warns and
     * reminders through the Discord sandbox): RSS 195-233 MiB per service with 26-34 MiB of heap in use, so about 200
     * MiB is not heap. The suites pass with a 256 MiB heap. docs/operations.md, "Resources".
     */
    static final long MEASURED_IDLE_RSS_MIB = 240;
    static final long MEASURED_NON_HEAP_MIB = 200;
    static final long LOCAL_HEAP_MIB = 256;

    /** The heap share of the container limit the image gives the JVM (deploy/docker/Dockerfile.jvm). */
    static long maxRamPercentage() {
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=([0-9]+)")
                .matcher(Codebase.read(CODE.root.resolve("deploy/docker/Dockerfile.jvm")));
        assertThat(m.find()).as("Dockerfile.jvm sets -XX:MaxRAMPercentage").isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Keys of Secrets made outside git, by an operator or by hand, that pods reference. */
    static Map<String, Set<String>> externalSecretKeys(Rendered rendered) {
        Map<String, Set<String>> keys = new TreeMap<>();
        // CloudNativePG's application secret for a Cluster bootstrapped with initdb: <cluster>-app
        rendered.all("Cluster").forEach(cluster -> keys.put(name(cluster) + "-app", Set.of("username", "password",
                "host", "port", "dbname", "uri", "jdbc-uri", "pgpass", "fqdn-uri", "fqdn-jdbc-uri")));
        // volvox-secrets, created by hand in prod: the keys volvox.env.example documents
        keys.put("volvox-secrets", exampleSecretKeys());
        return keys;
    }

    static Set<String> exampleSecretKeys() {
        Path example = KUSTOMIZE_ROOT.resolve("overlays/local-cluster/volvox.env.example");
        return Codebase.read(example).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains("="))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The base and every overlay that is part of the repository (a git-ignored personal overlay is not). */
    static Stream<String> kustomizations() throws IOException {
        List<String> names = new ArrayList<>();
        names.add("base");
        try (Stream<Path> overlays = Files.list(KUSTOMIZE_ROOT.resolve("overlays"))) {
            overlays.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .filter(dir -> !gitIgnored(dir))
                    .map(dir -> "overlays/" + dir.getFileName()).sorted().forEach(names::add);
        }
        return names.stream();
    }

    static Rendered rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization,
                k -> new Rendered(k, Kustomize.render(KUSTOMIZE_ROOT.resolve(k))));
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void everyOverlayOfTheRepositoryIsRenderedHereAndNeedsNoUntrackedFile() throws IOException {
        assertThat(kustomizations()).contains("base", "overlays/local-cluster", "overlays/prod", "overlays/prod-keda");
        // a file a kustomization names that git ignores is missing from a clean clone (volvox.env once was)
        List<String> ignored = new ArrayList<>();
        for (String k : kustomizations().toList()) {
            JsonNode kustomization = Kustomize.parse(Codebase.read(KUSTOMIZE_ROOT.resolve(k).resolve("kustomization.yaml"))).get(0);
            for (String generators : List.of("secretGenerator", "configMapGenerator")) {
                for (JsonNode generator : kustomization.path(generators)) {
                    for (String field : List.of("envs", "files")) {
                        for (JsonNode file : generator.path(field)) {
                            String path = file.asText().contains("=") ? file.asText().split("=", 2)[1] : file.asText();
                            Path resolved = KUSTOMIZE_ROOT.resolve(k).resolve(path);
                            if (!Files.exists(resolved) || gitIgnored(resolved)) {
                                ignored.add(k + ": " + path);
                            }
                        }
                    }
                }
            }
        }
        assertThat(ignored).as("files named by a kustomization that a clean clone lacks").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectParsesIntoItsPublishedModelWithoutUnknownFields(String kustomization) throws IOException {
        Map<String, Class<? extends HasMetadata>> models = new LinkedHashMap<>();
        models.put("Namespace", Namespace.class);
        models.put("ConfigMap", ConfigMap.class);
        models.put("Secret", Secret.class);
        models.put("Service", Service.class);
        models.put("PersistentVolumeClaim", PersistentVolumeClaim.class);
        models.put("Deployment", Deployment.class);
        models.put("StatefulSet", StatefulSet.class);
        models.put("Job", Job.class);
        models.put("CronJob", CronJob.class);
        models.put("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
        models.put("PodDisruptionBudget", PodDisruptionBudget.class);
        models.put("NetworkPolicy", NetworkPolicy.class);
        models.put("ServiceMonitor", ServiceMonitor.class);
        models.put("Kafka", Kafka.class);
        models.put("KafkaNodePool", KafkaNodePool.class);
        models.put("KafkaTopic", KafkaTopic.class);
        // no published Java model on Maven Central: their required fields are checked by their own tests below
        Set<String> checkedByFields = Set.of("Cluster", "ScaledObject");

        List<String> problems = new ArrayList<>();
        for (JsonNode object : rendered(kustomization).objects()) {
            String kind = object.path("kind").asText();
            if (checkedByFields.contains(kind)) {
                continue;
            }
            Class<? extends HasMetadata> model = models.get(kind);
            if (model == null) {
                problems.add(id(object) + ": no model or check for kind " + kind + " (add one to this test)");
                continue;
            }
            String expectedApiVersion = HasMetadata.getApiVersion(model);
            if (!expectedApiVersion.equals(object.path("apiVersion").asText())) {
                problems.add(id(object) + ": apiVersion " + object.path("apiVersion").asText() + ", the model is "
                        + expectedApiVersion);
            }
            HasMetadata parsed = JSON.treeToValue(object, model);
            UnknownFields.of(parsed).forEach(field -> problems.add(id(object) + ": unknown field " + field));
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void imagesAreTheModulesAtTheReleaseVersionAndEveryModuleIsDeployed(String kustomization) {
        Rendered r = rendered(kustomization);
        Set<String> deployed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        r.workloads().forEach(w -> {
            for (JsonNode c : containers(w)) {
                String image = c.path("image").asText();
                String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                if (tag.isEmpty() || tag.equals("latest")) {
                    problems.add(id(w) + ": image " + image + " has no pinned tag");
                }
                module(c).ifPresent(m -> {
                    deployed.add(m);
                    if (!CODE.deployableModules().contains(m)) {
                        problems.add(id(w) + ": image " + image + " names no module that packages a Quarkus app");
                    }
                    if (!tag.equals(CODE.releaseVersion())) {
                        problems.add(id(w) + ": image " + image + " is not the release version " + CODE.releaseVersion());
                    }
                });
            }
        });
        assertThat(problems).isEmpty();
        assertThat(deployed).as("modules with a workload").isEqualTo(CODE.deployableModules());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyVariableAServiceReadsIsSetOrDeliberatelyDefaulted(String kustomization) {
        Rendered r = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        r.workloads().forEach(w -> {
            for (JsonNode c : containers(w)) {
                Optional<String> module = module(c);
                if (module.isEmpty()) {
                    continue;
                }
                Map<String, String> set = environment(r, w, c, problems);
                for (String variable : CODE.module(module.get()).variablesRead()) {
                    if (!set.containsKey(variable) && !DELIBERATELY_DEFAULTED.containsKey(variable)) {
                        problems.add(id(w) + " (" + module.get() + ") reads " + variable
                                + " but its pod does not set it (set it, or add it with a reason to DELIBERATELY_DEFAULTED)");
                    }
                }
                if (module.get().equals("gateway-service")) {
                    problems.addAll(shardProblems(r, w, set));
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    /**
     * A StatefulSet gives every gateway pod the same environment, so each takes the shards of its ordinal: shard
     * {@code s} is pod {@code s % VOLVOX_GATEWAY_REPLICAS}'s. That count must be the StatefulSet's, no pod may be left
     * without a shard, and {@code discord.action}'s partitions must be a multiple of the shard total (partition
     * {@code p} then holds only guilds of shard {@code p % total}, see ShardAssignor).
     */
    private static List<String> shardProblems(Rendered r, JsonNode w, Map<String, String> set) {
        List<String> problems = new ArrayList<>();
        int replicas = w.path("spec").path("replicas").asInt(1);
        int total = Integer.parseInt(set.getOrDefault("DISCORD_SHARD_TOTAL#value", "1"));
        int sharing = Integer.parseInt(set.getOrDefault("VOLVOX_GATEWAY_REPLICAS#value", "1"));
        if (replicas != 1 && set.containsKey("DISCORD_SHARD_IDS")) {
            problems.add(id(w) + ": DISCORD_SHARD_IDS is the same for its " + replicas + " pods: two sessions per shard");
        }
        if (sharing != replicas) {
            problems.add(id(w) + ": VOLVOX_GATEWAY_REPLICAS " + sharing + " but " + replicas + " pods: shards of"
                    + " missing ordinals have no session, or two pods hold one shard");
        }
        if (total < replicas) {
            problems.add(id(w) + ": " + replicas + " pods for " + total + " shards: some pods would hold none");
        }
        r.all("KafkaTopic").filter(t -> name(t).equals("discord.action")).forEach(t -> {
            int partitions = t.path("spec").path("partitions").asInt();
            if (partitions % total != 0) {
                problems.add("KafkaTopic discord.action: " + partitions + " partitions, not a multiple of"
                        + " DISCORD_SHARD_TOTAL " + total + " (" + id(w) + ")");
            }
        });
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyVariableSetIsReadByTheCode(String kustomization) {
        Rendered r = rendered(kustomization);
        Set<String> quarkusVariables = quarkusConfigVariables();
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> readByConfigMapUsers = new TreeMap<>();
        r.workloads().forEach(w -> {
            for (JsonNode c : containers(w)) {
                Optional<String> module = module(c);
                if (module.isEmpty()) {
                    continue;
                }
                Codebase.Module m = CODE.module(module.get());
                Set<String> read = m.variablesRead();
                for (JsonNode from : c.path("envFrom")) {
                    String configMap = from.path("configMapRef").path("name").asText(null);
                    if (configMap != null) {
                        readByConfigMapUsers.computeIfAbsent(configMap, k -> new TreeSet<>()).addAll(read);
                        m.propertyNames().stream().map(Codebase::environmentForm)
                                .forEach(readByConfigMapUsers.get(configMap)::add);
                    }
                }
                for (JsonNode env : c.path("env")) {
                    String variable = env.path("name").asText();
                    if (!read.contains(variable) && !isKnownQuarkusVariable(variable, m, quarkusVariables)
                            && !documentedFor(variable, module.get())) {
                        problems.add(id(w) + " sets " + variable + ", which " + module.get() + " never reads");
                    }
                }
                // least privilege: a whole Secret only where the service reads every key of it
                for (JsonNode from : c.path("envFrom")) {
                    String secret = from.path("secretRef").path("name").asText(null);
                    if (secret == null) {
                        continue;
                    }
                    Set<String> keys = r.find("Secret", secret).map(x -> map(x.path("data")).keySet())
                            .orElse(externalSecretKeys(r).getOrDefault(secret, Set.of()));
                    keys.stream().filter(k -> !read.contains(k) && !documentedFor(k, module.get())).forEach(k ->
                            problems.add(id(w) + " gets secret " + secret + "/" + k + ", which " + module.get() + " never reads"));
                }
            }
        });
        readByConfigMapUsers.forEach((configMap, read) -> r.find("ConfigMap", configMap).ifPresent(cm -> {
            for (String key : map(cm.path("data")).keySet()) {
                if (!read.contains(key) && !(key.startsWith("QUARKUS_") && quarkusVariables.contains(key))) {
                    problems.add("ConfigMap/" + configMap + " sets " + key + ", which no service using it reads");
                }
            }
        }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void portsProbesAndMetricsAreWhereQuarkusServesThem(String kustomization) {
        Rendered r = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        r.workloads().filter(w -> !w.path("kind").asText().endsWith("Job")).forEach(w -> {
            for (JsonNode c : containers(w)) {
                Optional<String> moduleDir = module(c);
                if (moduleDir.isEmpty()) {
                    continue;
                }
                Codebase.Module m = CODE.module(moduleDir.get());
                if (!m.hasDependency("quarkus-smallrye-health")) {
                    problems.add(moduleDir.get() + " has no SmallRye Health, yet " + id(w) + " probes it");
                }
                Map<String, Integer> ports = new TreeMap<>();
                c.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
                if (!Integer.valueOf(m.httpPort()).equals(ports.get("http"))) {
                    problems.add(id(w) + ": port http is " + ports.get("http") + ", Quarkus listens on " + m.httpPort());
                }
                Map<String, String> probes = Map.of("livenessProbe", "live", "readinessProbe", "ready", "startupProbe", "started");
                probes.forEach((probe, kind) -> {
                    JsonNode get = c.path(probe).path("httpGet");
                    if (get.isMissingNode()) {
                        problems.add(id(w) + ": no " + probe);
                        return;
                    }
                    if (!m.healthPath(kind).equals(get.path("path").asText())) {
                        problems.add(id(w) + ": " + probe + " asks " + get.path("path").asText() + ", Quarkus serves "
                                + m.healthPath(kind));
                    }
                    if (!portMatches(get.path("port"), ports, m.httpPort())) {
                        problems.add(id(w) + ": " + probe + " port " + get.path("port").asText() + " is not the http port");
                    }
                });
                JsonNode annotations = w.path("spec").path("template").path("metadata").path("annotations");
                if (annotations.has("prometheus.io/path") && !m.metricsPath().equals(annotations.path("prometheus.io/path").asText())) {
                    problems.add(id(w) + ": prometheus.io/path is not " + m.metricsPath());
                }
                if (annotations.has("prometheus.io/port") && annotations.path("prometheus.io/port").asInt() != m.httpPort()) {
                    problems.add(id(w) + ": prometheus.io/port is not " + m.httpPort());
                }
                // a Service in front of the pods, on the named http port
                Map<String, String> labels = map(podLabels(w));
                List<JsonNode> services = r.all("Service").filter(s -> !s.path("spec").path("selector").isMissingNode()
                        && labels.entrySet().containsAll(map(s.path("spec").path("selector")).entrySet())).toList();
                if (services.isEmpty()) {
                    problems.add(id(w) + ": no Service selects its pods");
                }
                for (JsonNode s : services) {
                    s.path("spec").path("ports").forEach(p -> {
                        if (!portMatches(p.path("targetPort"), ports, m.httpPort())) {
                            problems.add("Service/" + name(s) + ": targetPort " + p.path("targetPort").asText()
                                    + " is not a port of " + id(w));
                        }
                    });
                }
            }
        });
        r.all("ServiceMonitor").forEach(sm -> {
            List<JsonNode> services = r.all("Service")
                    .filter(s -> selects(sm.path("spec").path("selector"), map(s.path("metadata").path("labels")))).toList();
            if (services.size() != 1) {
                problems.add("ServiceMonitor/" + name(sm) + " selects " + services.size() + " Services, not one");
                return;
            }
            String moduleDir = name(services.get(0));
            for (JsonNode endpoint : sm.path("spec").path("endpoints")) {
                Set<String> portNames = new HashSet<>();
                services.get(0).path("spec").path("ports").forEach(p -> portNames.add(p.path("name").asText()));
                if (!portNames.contains(endpoint.path("port").asText())) {
                    problems.add("ServiceMonitor/" + name(sm) + ": port " + endpoint.path("port").asText() + " is not on its Service");
                }
                if (CODE.deployableModules().contains(moduleDir)
                        && !CODE.module(moduleDir).metricsPath().equals(endpoint.path("path").asText())) {
                    problems.add("ServiceMonitor/" + name(sm) + ": path " + endpoint.path("path").asText() + " is not "
                            + CODE.module(moduleDir).metricsPath());
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theMigrationJobRunsAndTheServicesStayNotReadyUntilItHas(String kustomization) {
        Rendered r = rendered(kustomization);
        List<JsonNode> migrations = r.all("Job").filter(j -> containers(j).stream()
                .anyMatch(c -> module(c).filter("db-migrations"::equals).isPresent())).toList();
        assertThat(migrations).as("Jobs running db-migrations").hasSize(1);
        JsonNode migrate = containers(migrations.get(0)).get(0);
        assertThat(migrate.path("args").toString()).as("the Job's command").isEqualTo("[\"migrate\"]");
        assertThat(podSpec(migrations.get(0)).path("restartPolicy").asText()).isIn("OnFailure", "Never");
        assertThat(migrations.get(0).path("spec").path("backoffLimit").asInt(6)).as("retries while the database starts")
                .isPositive();

        // The gate: the services' readiness includes platform's schema check for the changeset this build needs
        Path check = CODE.root.resolve("platform/src/main/java/bot/volvox/platform/health/DatabaseSchemaCheck.java");
        assertThat(Codebase.read(check)).contains("@Readiness").contains("volvox.schema.required-migration");
        List<String> problems = new ArrayList<>();
        r.workloads().filter(w -> !w.path("kind").asText().endsWith("Job")).forEach(w -> containers(w).forEach(c -> module(c)
                .ifPresent(moduleDir -> {
                    Codebase.Module m = CODE.module(moduleDir);
                    String required = m.properties.getProperty("volvox.schema.required-migration");
                    if (required == null) {
                        problems.add(moduleDir + " names no required migration, so nothing holds it back");
                    } else if (!CODE.changesetIds().contains(required)) {
                        problems.add(moduleDir + " waits for changeset " + required + ", which db-migrations lacks");
                    }
                    if ("true".equals(m.properties.getProperty("quarkus.liquibase.migrate-at-start"))) {
                        problems.add(moduleDir + " migrates at start: only the Job may");
                    }
                    if (!m.healthPath("ready").equals(c.path("readinessProbe").path("httpGet").path("path").asText())) {
                        problems.add(id(w) + ": no readiness probe on " + m.healthPath("ready") + ", so it serves before migration");
                    }
                })));
        assertThat(problems).isEmpty();
    }

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY|CREDENTIAL).*");
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("://[^/\\s:@]+:[^/\\s@]+@");

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void secretsComeFromSecrets(String kustomization) {
        Rendered r = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        r.all("ConfigMap").forEach(cm -> map(cm.path("data")).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches() || CREDENTIALS_IN_URL.matcher(value).find()) {
                problems.add("ConfigMap/" + name(cm) + " holds a secret: " + key);
            }
        }));
        r.workloads().forEach(w -> containers(w).forEach(c -> c.path("env").forEach(env -> {
            String variable = env.path("name").asText();
            boolean literal = env.has("value");
            boolean fromConfigMap = env.path("valueFrom").has("configMapKeyRef");
            if ((literal || fromConfigMap) && (SECRET_NAME.matcher(variable).matches()
                    || variable.equals("DATABASE_URL") || CREDENTIALS_IN_URL.matcher(env.path("value").asText()).find())) {
                problems.add(id(w) + ": " + variable + " is not taken from a Secret");
            }
        })));
        // the example env file holds placeholders only
        Path example = KUSTOMIZE_ROOT.resolve("overlays/local-cluster/volvox.env.example");
        Codebase.read(example).lines().filter(l -> l.startsWith("DISCORD_TOKEN=")).forEach(l ->
                assertThat(l).as("the example token is a placeholder").contains("replace-with"));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kafkaTopicsCoverEveryTopicTheCodeUsesAndFitTheBrokers(String kustomization) throws IOException {
        Rendered r = rendered(kustomization);
        Kafka kafka = JSON.treeToValue(r.all("Kafka").findFirst().orElseThrow(), Kafka.class);
        int brokers = r.all("KafkaNodePool").map(p -> JSON.convertValue(p, KafkaNodePool.class))
                .filter(p -> p.getSpec().getRoles().stream().anyMatch(role -> role.toValue().equals("broker")))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(brokers).as("brokers").isPositive();
        // the brokers run the Kafka release the services' clients (and the local broker) are built against
        String clients = CODE.parentProperty("kafka.version");
        assertThat(kafka.getSpec().getKafka().getVersion()).as("Kafka version against kafka.version " + clients)
                .startsWith(clients.substring(0, clients.lastIndexOf('.') + 1));
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(String.valueOf(config.get("auto.create.topics.enable"))).isEqualTo("false");
        for (String factor : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor")) {
            assertThat(Integer.parseInt(String.valueOf(config.get(factor)))).as(factor).isBetween(1, brokers);
        }

        Map<String, KafkaTopic> topics = new TreeMap<>();
        r.all("KafkaTopic").map(t -> JSON.convertValue(t, KafkaTopic.class)).forEach(t -> topics.put(
                t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName(), t));
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>(CODE.contractTopics());
        CODE.deployableModules().forEach(m -> used.addAll(CODE.module(m).allTopics()));
        // every topic a consumer reads has a dead-letter topic (docs/events.md)
        CODE.contractTopics().stream().filter(t -> t.startsWith("discord.")).forEach(t -> used.add(t + ".dlq"));
        for (String topic : used) {
            if (!topics.containsKey(topic)) {
                problems.add("the code uses topic " + topic + ", which no KafkaTopic creates (auto-creation is off)");
            }
        }
        topics.forEach((name, t) -> {
            if (!"volvox-kafka".equals(t.getMetadata().getLabels().get("strimzi.io/cluster"))) {
                problems.add("KafkaTopic " + name + " belongs to no Kafka cluster of this deployment");
            }
            if (t.getSpec().getPartitions() == null || t.getSpec().getReplicas() == null) {
                problems.add("KafkaTopic " + name + ": partitions and replicas must be set (the broker defaults vary)");
                return;
            }
            int replicas = t.getSpec().getReplicas();
            if (t.getSpec().getPartitions() < 1 || replicas < 1 || replicas > brokers) {
                problems.add("KafkaTopic " + name + ": " + t.getSpec().getPartitions() + " partitions × " + replicas
                        + " replicas on " + brokers + " brokers");
            }
            Object minIsr = t.getSpec().getConfig() == null ? null : t.getSpec().getConfig().get("min.insync.replicas");
            if (minIsr != null && Integer.parseInt(String.valueOf(minIsr)) >= Math.max(2, replicas)) {
                problems.add("KafkaTopic " + name + ": min.insync.replicas " + minIsr + " leaves no broker to lose");
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyServiceHasWhatProductionNeeds(String kustomization) {
        Rendered r = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        r.workloads().filter(w -> !w.path("kind").asText().endsWith("Job")).forEach(w -> containers(w).forEach(c -> module(c)
                .ifPresent(moduleDir -> {
                    Codebase.Module m = CODE.module(moduleDir);
                    Map<String, String> labels = map(podLabels(w));
                    int replicas = w.path("spec").path("replicas").asInt(1);
                    // a disruption budget that lets a drain proceed but never takes two pods at once
                    List<JsonNode> budgets = r.all("PodDisruptionBudget")
                            .filter(p -> selects(p.path("spec").path("selector"), labels)).toList();
                    if (budgets.size() != 1) {
                        problems.add(id(w) + ": " + budgets.size() + " PodDisruptionBudgets, not one");
                    } else {
                        JsonNode spec = budgets.get(0).path("spec");
                        boolean drainable = spec.has("maxUnavailable") ? spec.path("maxUnavailable").asInt() >= 1
                                : spec.path("minAvailable").asInt() < replicas;
                        if (!drainable) {
                            problems.add(id(w) + ": its PodDisruptionBudget blocks every drain at " + replicas + " replica(s)");
                        }
                    }
                    // spread over nodes
                    boolean spread = false;
                    for (JsonNode t : podSpec(w).path("topologySpreadConstraints")) {
                        spread |= t.path("topologyKey").asText().equals("kubernetes.io/hostname")
                                && selects(t.path("labelSelector"), labels);
                    }
                    if (!spread) {
                        problems.add(id(w) + ": no topology spread over kubernetes.io/hostname selecting its own pods");
                    }
                    // resources: requests for scheduling, a memory limit the JVM sizes its heap from
                    JsonNode resources = c.path("resources");
                    for (String field : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                        String[] parts = field.split("\\.");
                        if (resources.path(parts[0]).path(parts[1]).isMissingNode()) {
                            problems.add(id(w) + ": no resources." + field);
                        }
                    }
                    if (!resources.path("limits").path("memory").isMissingNode()) {
                        long limit = mebibytes(resources.path("limits").path("memory").asText());
                        long request = mebibytes(resources.path("requests").path("memory").asText("0Mi"));
                        long heap = limit * maxRamPercentage() / 100;
                        if (limit < request) {
                            problems.add(id(w) + ": memory limit below its request");
                        }
                        if (request < MEASURED_IDLE_RSS_MIB) {
                            problems.add(id(w) + ": memory request " + request + " MiB is below the " + MEASURED_IDLE_RSS_MIB
                                    + " MiB a service uses idle");
                        }
                        if (heap < LOCAL_HEAP_MIB || limit - heap < MEASURED_NON_HEAP_MIB) {
                            problems.add(id(w) + ": a " + limit + " MiB limit gives a " + heap + " MiB heap (MaxRAMPercentage "
                                    + maxRamPercentage() + ") and " + (limit - heap) + " MiB besides; needed: a heap of at least "
                                    + LOCAL_HEAP_MIB + " MiB and " + MEASURED_NON_HEAP_MIB + " MiB besides");
                        }
                    }
                    // graceful shutdown: a preStop pause, then the application's own stop, within the grace period
                    JsonNode preStop = c.path("lifecycle").path("preStop");
                    long pause = preStop.path("exec").path("command").size() == 2
                            && preStop.path("exec").path("command").get(0).asText().equals("sleep")
                            ? preStop.path("exec").path("command").get(1).asLong() : preStop.path("sleep").path("seconds").asLong(-1);
                    if (pause < 1) {
                        problems.add(id(w) + ": no preStop pause");
                    }
                    long grace = podSpec(w).path("terminationGracePeriodSeconds").asLong(30);
                    Map<String, String> env = environment(r, w, c, new ArrayList<>());
                    long httpDrain = parseDuration(env.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT#value", "0s")).toSeconds();
                    long needed = Math.max(pause, 0) + httpDrain + 10; // 10 s: Kafka consumers' close and commit
                    if (m.isGateway()) {
                        // running actions finish (their longest run) before the shards' sessions close
                        long actions = parseDuration(m.configValue("volvox.gateway.actions.max-run-time").orElse("PT60S")).toSeconds();
                        needed = Math.max(pause, 0) + Math.max(actions, httpDrain) + 15;
                    }
                    if (grace < needed) {
                        problems.add(id(w) + ": terminationGracePeriodSeconds " + grace + " < " + needed
                                + " (preStop + shutdown timeout + Kafka commit" + (m.isGateway() ? " + running actions" : "") + ")");
                    }
                })));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void networkPoliciesLetServicesReachOnlyTheirDependencies(String kustomization) {
        Rendered r = rendered(kustomization);
        List<JsonNode> policies = r.all("NetworkPolicy").toList();
        // the peers, as their operators label them
        Map<String, Map<String, String>> peers = new LinkedHashMap<>();
        r.all("Cluster").forEach(c -> peers.put("PostgreSQL:5432", Map.of("cnpg.io/cluster", name(c))));
        r.all("Kafka").forEach(k -> peers.put("Kafka:9092", Map.of("strimzi.io/cluster", name(k), "strimzi.io/broker-role", "true")));
        r.find("Deployment", "volvox-redis").ifPresent(d -> peers.put("Redis:6379", map(podLabels(d))));
        peers.put("DNS:53", Map.of("k8s-app", "kube-dns"));
        List<String> problems = new ArrayList<>();
        r.workloads().forEach(w -> containers(w).forEach(c -> module(c).ifPresent(moduleDir -> {
            Map<String, String> labels = map(podLabels(w));
            List<JsonNode> egress = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), labels)
                    && p.path("spec").path("policyTypes").toString().contains("Egress")).toList();
            if (egress.isEmpty()) {
                problems.add(id(w) + ": no egress NetworkPolicy selects it, so it may reach anything");
                return;
            }
            List<JsonNode> rules = new ArrayList<>();
            egress.forEach(p -> p.path("spec").path("egress").forEach(rules::add));
            boolean isJob = w.path("kind").asText().endsWith("Job");
            for (Map.Entry<String, Map<String, String>> peer : peers.entrySet()) {
                if (isJob && !peer.getKey().startsWith("PostgreSQL") && !peer.getKey().startsWith("DNS")) {
                    continue;
                }
                int port = Integer.parseInt(peer.getKey().substring(peer.getKey().indexOf(':') + 1));
                boolean allowed = rules.stream().anyMatch(rule -> allowsPort(rule, port) && rulePeers(rule).stream()
                        .anyMatch(to -> selects(to.path("podSelector"), peer.getValue())));
                if (!allowed) {
                    problems.add(id(w) + " cannot reach " + peer.getKey());
                }
            }
            for (JsonNode rule : rules) {
                if (rule.path("to").isMissingNode() || rule.path("to").isEmpty()) {
                    problems.add(id(w) + ": an egress rule without peers allows every address");
                }
                boolean external = rulePeers(rule).stream().anyMatch(to -> to.has("ipBlock"));
                boolean mayGoOut = moduleDir.equals("gateway-service") || moduleDir.equals("ai-service");
                if (external && !mayGoOut) {
                    problems.add(id(w) + " may reach addresses outside the cluster; only the gateway (Discord) and"
                            + " ai-service (its model API) may");
                }
                if (external && !(rule.path("ports").size() == 1 && allowsPort(rule, 443))) {
                    problems.add(id(w) + ": its way out is not HTTPS (443) only");
                }
                if (external) {
                    rulePeers(rule).stream().filter(to -> to.has("ipBlock")).forEach(to -> {
                        String except = to.path("ipBlock").path("except").toString();
                        if (to.path("ipBlock").path("cidr").asText().equals("0.0.0.0/0")
                                && !(except.contains("10.0.0.0/8") && except.contains("172.16.0.0/12") && except.contains("192.168.0.0/16"))) {
                            problems.add(id(w) + ": its way out also reaches private addresses");
                        }
                    });
                }
            }
        })));
        // the gateway reaches Discord: some rule lets it out on 443
        r.find("StatefulSet", "gateway-service").ifPresent(g -> {
            boolean discord = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), map(podLabels(g))))
                    .flatMap(p -> { List<JsonNode> rules = new ArrayList<>(); p.path("spec").path("egress").forEach(rules::add); return rules.stream(); })
                    .anyMatch(rule -> allowsPort(rule, 443) && rulePeers(rule).stream().anyMatch(to -> to.has("ipBlock")));
            if (!discord) {
                problems.add("the gateway cannot reach Discord (HTTPS to public addresses)");
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void autoscalersTargetTheWorkersAndScaleOnTheirOwnConsumerGroups(String kustomization) {
        Rendered r = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        Map<String, Integer> scalersPerTarget = new TreeMap<>();
        r.all("HorizontalPodAutoscaler").forEach(h -> {
            JsonNode target = h.path("spec").path("scaleTargetRef");
            if (r.find(target.path("kind").asText(), target.path("name").asText()).isEmpty()) {
                problems.add("HorizontalPodAutoscaler/" + name(h) + " targets a missing " + target.path("kind").asText()
                        + "/" + target.path("name").asText());
            }
            scalersPerTarget.merge(target.path("name").asText(), 1, Integer::sum);
        });
        Map<String, Integer> partitions = new TreeMap<>();
        r.all("KafkaTopic").forEach(t -> partitions.put(name(t), t.path("spec").path("partitions").asInt()));
        String bootstrap = r.find("ConfigMap", "volvox-settings").map(cm -> cm.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText()).orElse("");
        r.all("ScaledObject").forEach(so -> {
            String target = so.path("spec").path("scaleTargetRef").path("name").asText();
            scalersPerTarget.merge(target, 1, Integer::sum);
            Optional<JsonNode> deployment = r.find("Deployment", target);
            if (deployment.isEmpty()) {
                problems.add("ScaledObject/" + name(so) + " targets a missing Deployment " + target);
                return;
            }
            if (!so.path("apiVersion").asText().equals("keda.sh/v1alpha1")) {
                problems.add("ScaledObject/" + name(so) + ": apiVersion is not keda.sh/v1alpha1");
            }
            Codebase.Module m = CODE.module(module(containers(deployment.get()).get(0)).orElseThrow());
            int min = so.path("spec").path("minReplicaCount").asInt(0);
            int max = so.path("spec").path("maxReplicaCount").asInt(100);
            if (min < 1) {
                problems.add("ScaledObject/" + name(so) + ": scales to zero, leaving its group without a consumer");
            }
            Set<String> topics = new TreeSet<>();
            for (JsonNode trigger : so.path("spec").path("triggers")) {
                JsonNode meta = trigger.path("metadata");
                if (!trigger.path("type").asText().equals("kafka")) {
                    problems.add("ScaledObject/" + name(so) + ": a trigger of type " + trigger.path("type").asText());
                    continue;
                }
                if (!m.applicationName().equals(meta.path("consumerGroup").asText())) {
                    problems.add("ScaledObject/" + name(so) + ": consumerGroup " + meta.path("consumerGroup").asText()
                            + " is not the service's group " + m.applicationName());
                }
                if (!bootstrap.equals(meta.path("bootstrapServers").asText())) {
                    problems.add("ScaledObject/" + name(so) + ": bootstrapServers differ from KAFKA_BOOTSTRAP_SERVERS");
                }
                if (!meta.path("lagThreshold").asText().matches("[1-9][0-9]*")) {
                    problems.add("ScaledObject/" + name(so) + ": lagThreshold is not a positive number");
                }
                if (!m.properties.getProperty("mp.messaging.connector.smallrye-kafka.auto.offset.reset", "latest")
                        .equals(meta.path("offsetResetPolicy").asText("latest"))) {
                    problems.add("ScaledObject/" + name(so) + ": offsetResetPolicy differs from the consumers' auto.offset.reset");
                }
                topics.add(meta.path("topic").asText());
                int topicPartitions = partitions.getOrDefault(meta.path("topic").asText(), 0);
                if (max > topicPartitions) {
                    problems.add("ScaledObject/" + name(so) + ": maxReplicaCount " + max + " > the " + topicPartitions
                            + " partitions of " + meta.path("topic").asText() + " (the extra replicas would idle)");
                }
            }
            if (!topics.equals(m.incomingTopics())) {
                problems.add("ScaledObject/" + name(so) + " watches " + topics + ", the service consumes " + m.incomingTopics());
            }
        });
        scalersPerTarget.forEach((target, count) -> {
            if (count > 1) {
                problems.add(target + " has " + count + " autoscalers (a ScaledObject brings its own HPA)");
            }
        });
        assertThat(problems).isEmpty();
    }

    /**
     * At the most pods the autoscalers allow, plus one surge pod per workload during a rollout, every pool at
     * PG_POOL_SIZE, the scheduler's LISTEN connection, the migration Job, the backup and PostgreSQL's reserved
     * superuser connections fit in max_connections (docs/operations.md, "Database connections").
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void databaseConnectionsAtFullScaleFitMaxConnections(String kustomization) {
        Rendered r = rendered(kustomization);
        JsonNode cluster = r.all("Cluster").findFirst().orElseThrow();
        int maxConnections = cluster.path("spec").path("postgresql").path("parameters").path("max_connections").asInt(100);
        int reserved = cluster.path("spec").path("postgresql").path("parameters").path("superuser_reserved_connections").asInt(3);
        Map<String, Integer> maxPods = new TreeMap<>();
        r.all("HorizontalPodAutoscaler").forEach(h -> maxPods.put(h.path("spec").path("scaleTargetRef").path("name").asText(),
                h.path("spec").path("maxReplicas").asInt()));
        r.all("ScaledObject").forEach(s -> maxPods.put(s.path("spec").path("scaleTargetRef").path("name").asText(),
                s.path("spec").path("maxReplicaCount").asInt(100)));
        int total = reserved;
        List<String> sum = new ArrayList<>();
        sum.add(reserved + " reserved");
        for (JsonNode w : r.workloads().toList()) {
            for (JsonNode c : containers(w)) {
                Map<String, String> env = environment(r, w, c, new ArrayList<>());
                if (!env.containsKey("DATABASE_URL")) {
                    continue;
                }
                Optional<String> moduleDir = module(c);
                int perPod = moduleDir.isEmpty() ? 1 // pg_dump: one connection
                        : Integer.parseInt(env.getOrDefault("PG_POOL_SIZE#value", "5"));
                if (moduleDir.filter("scheduler-service"::equals).isPresent()) {
                    perPod += 1; // WakeListener's LISTEN connection, outside the pool
                }
                int pods = w.path("kind").asText().endsWith("Job") ? 1
                        : maxPods.getOrDefault(name(w), w.path("spec").path("replicas").asInt(1));
                if (w.path("kind").asText().equals("Deployment")) {
                    pods += w.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asInt(Math.max(1, (pods + 3) / 4));
                }
                total += pods * perPod;
                sum.add(pods + "×" + perPod + " " + name(w));
            }
        }
        assertThat(total).as(String.join(" + ", sum) + " = " + total + " connections; max_connections " + maxConnections)
                .isLessThanOrEqualTo(maxConnections);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void thePostgresClusterHasItsRequiredFieldsAndTheVersionTheCodeNeeds(String kustomization) {
        Rendered r = rendered(kustomization);
        List<JsonNode> clusters = r.all("Cluster").toList();
        assertThat(clusters).hasSize(1);
        JsonNode cluster = clusters.get(0);
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        JsonNode spec = cluster.path("spec");
        assertThat(spec.path("instances").asInt()).as("instances").isPositive();
        assertThat(spec.path("storage").path("size").asText()).as("storage.size").matches("[0-9]+(Mi|Gi|Ti)");
        String major = CODE.parentProperty("postgres-binaries.version").split("\\.")[0];
        assertThat(spec.path("imageName").asText()).as("the PostgreSQL major version the services require")
                .endsWith(":" + major);
        assertThat(spec.path("bootstrap").path("initdb").path("database").asText()).isNotBlank();
        // the nightly backup: pg_dump's custom format (what BackupRestoreTest restores), from a client no older than
        // the server (pg_dump refuses a newer server)
        List<JsonNode> backups = r.all("CronJob").filter(j -> containers(j).stream()
                .anyMatch(c -> c.path("args").toString().contains("pg_dump"))).toList();
        assertThat(backups).as("a backup CronJob").hasSize(1);
        JsonNode dump = containers(backups.get(0)).get(0);
        assertThat(dump.path("args").toString()).contains("-Fc");
        assertThat(dump.path("image").asText()).endsWith(":" + major);
        // the services' DATABASE_URL comes from the secret CloudNativePG makes for this cluster
        r.workloads().forEach(w -> containers(w).forEach(c -> c.path("env").forEach(env -> {
            if (env.path("name").asText().equals("DATABASE_URL")) {
                assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).as(id(w))
                        .isEqualTo(name(cluster) + "-app");
            }
        })));
    }

    @Test
    void theLocalClusterSecretHoldsTheDocumentedKeys() {
        Rendered r = rendered("overlays/local-cluster");
        JsonNode secret = r.find("Secret", "volvox-secrets").orElseThrow();
        assertThat(map(secret.path("data")).keySet()).isEqualTo(exampleSecretKeys());
        String readme = Codebase.read(KUSTOMIZE_ROOT.resolve("README.md"));
        exampleSecretKeys().forEach(key -> assertThat(readme).as("deploy/kubernetes/README.md documents " + key).contains(key));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The variables a container gets, each with where from; {@code NAME#value} holds a value the render shows
     * (a literal, or a ConfigMap's). A reference to a missing ConfigMap, Secret or key is reported in problems.
     */
    static Map<String, String> environment(Rendered r, JsonNode workload, JsonNode container, List<String> problems) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Set<String>> external = externalSecretKeys(r);
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                Optional<JsonNode> cm = r.find("ConfigMap", name);
                if (cm.isEmpty()) {
                    problems.add(id(workload) + ": envFrom a missing ConfigMap " + name);
                    continue;
                }
                map(cm.get().path("data")).forEach((k, v) -> {
                    env.put(k, "ConfigMap/" + name);
                    env.put(k + "#value", v);
                });
            } else if (from.has("secretRef")) {
                String name = from.path("secretRef").path("name").asText();
                Set<String> keys = r.find("Secret", name).map(s -> {
                    Set<String> k = new TreeSet<>(map(s.path("data")).keySet());
                    k.addAll(map(s.path("stringData")).keySet());
                    return k;
                }).orElse(external.get(name));
                if (keys == null) {
                    problems.add(id(workload) + ": envFrom Secret " + name + ", neither rendered nor documented");
                    continue;
                }
                keys.forEach(k -> env.put(k, "Secret/" + name));
            }
        }
        for (JsonNode e : container.path("env")) {
            String variable = e.path("name").asText();
            if (e.has("value")) {
                env.put(variable, "literal");
                env.put(variable + "#value", e.path("value").asText());
                continue;
            }
            JsonNode secretRef = e.path("valueFrom").path("secretKeyRef");
            JsonNode configMapRef = e.path("valueFrom").path("configMapKeyRef");
            if (!secretRef.isMissingNode()) {
                String name = secretRef.path("name").asText();
                Set<String> keys = r.find("Secret", name).map(s -> map(s.path("data")).keySet()).orElse(external.get(name));
                if (keys == null || !keys.contains(secretRef.path("key").asText())) {
                    problems.add(id(workload) + ": " + variable + " from Secret " + name + " key "
                            + secretRef.path("key").asText() + ", which it does not have");
                }
                env.put(variable, "Secret/" + name);
            } else if (!configMapRef.isMissingNode()) {
                Optional<JsonNode> cm = r.find("ConfigMap", configMapRef.path("name").asText());
                if (cm.isEmpty() || !cm.get().path("data").has(configMapRef.path("key").asText())) {
                    problems.add(id(workload) + ": " + variable + " from a missing ConfigMap key");
                } else {
                    env.put(variable + "#value", cm.get().path("data").path(configMapRef.path("key").asText()).asText());
                }
                env.put(variable, "ConfigMap/" + configMapRef.path("name").asText());
            } else {
                env.put(variable, "field");
            }
        }
        return env;
    }

    /** Every variable Quarkus's own extensions on this test's classpath document (their config model). */
    static Set<String> quarkusConfigVariables() {
        Set<String> variables = new TreeSet<>();
        Pattern environment = Pattern.compile("\"environmentVariable\"\\s*:\\s*\"([A-Z0-9_]+)\"");
        try {
            Enumeration<URL> models = KubernetesManifestsTest.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            while (models.hasMoreElements()) {
                try (InputStream in = models.nextElement().openStream()) {
                    Matcher m = environment.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        variables.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(variables).as("Quarkus config models on the classpath").contains("QUARKUS_SHUTDOWN_TIMEOUT", "QUARKUS_LOG_CONSOLE_JSON_ENABLED");
        return variables;
    }

    /**
     * A variable the root README's settings table documents for this service (its row names the module): the
     * contract, even where the code reading it is still on its way (ai-service's ANTHROPIC_API_KEY).
     */
    static boolean documentedFor(String variable, String moduleDir) {
        return Codebase.read(CODE.root.resolve("README.md")).lines()
                .anyMatch(line -> line.startsWith("| `" + variable + "` |") && line.contains(moduleDir));
    }

    /** A Quarkus property set through its variable: one the project configures, or one Quarkus documents. */
    private static boolean isKnownQuarkusVariable(String variable, Codebase.Module m, Set<String> quarkusVariables) {
        return variable.startsWith("QUARKUS_") && (quarkusVariables.contains(variable)
                || m.propertyNames().stream().map(Codebase::environmentForm).anyMatch(variable::equals));
    }

    private static boolean portMatches(JsonNode port, Map<String, Integer> containerPorts, int httpPort) {
        return port.isInt() ? port.asInt() == httpPort : Integer.valueOf(httpPort).equals(containerPorts.get(port.asText()));
    }

    private static boolean allowsPort(JsonNode rule, int port) {
        for (JsonNode p : rule.path("ports")) {
            if (p.path("port").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> rulePeers(JsonNode rule) {
        List<JsonNode> peers = new ArrayList<>();
        rule.path("to").forEach(peers::add);
        return peers;
    }

    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("([0-9]+)(Ki|Mi|Gi)?").matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("memory quantity " + quantity);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> n / 1024;
            case "Gi" -> n * 1024;
            case "Mi" -> n;
            default -> n / (1024 * 1024);
        };
    }

    /** 20s, 60S, PT60S, 15m: the forms Quarkus accepts for a Duration. */
    static Duration parseDuration(String value) {
        String v = value.trim();
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v.toUpperCase());
        }
        Matcher m = Pattern.compile("([0-9]+)(ms|s|m|h)?", Pattern.CASE_INSENSITIVE).matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("duration " + value);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase();
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static boolean gitIgnored(Path path) {
        try {
            Process git = new ProcessBuilder("git", "check-ignore", "-q", path.toString())
                    .directory(CODE.root.toFile()).redirectErrorStream(true).start();
            git.getInputStream().readAllBytes();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0;
        } catch (IOException e) {
            return false; // no git (an exported tree): nothing is ignored
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
