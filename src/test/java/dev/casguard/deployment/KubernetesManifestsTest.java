package dev.casguard.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The Kubernetes base (deploy/kubernetes/base), rendered by {@code kubectl kustomize} as an
 * operator would, read strictly into typed Kubernetes objects, and held against the WAR: the
 * ports and probe paths it serves, the settings it reads, the image conventions the replicas'
 * command line relies on, and the database and rollout rules of README.md. No cluster is needed.
 * The kubectl used is {@code -Dcasguard.kubectl=...}, else {@code $KUBECTL}, else kubectl on the PATH.
 */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of("deploy/kubernetes/base");

    /** Where the image keeps the WAR and server-config/ (the official payara/micro layout). */
    private static final String IMAGE_DEPLOYMENTS = "/opt/payara/deployments/";
    private static final String IMAGE_CONFIG = "/opt/payara/config/";
    /** The payara/micro image's user, which owns its files. */
    private static final long IMAGE_UID = 1000;
    /** Variables the payara/micro image's entrypoint reads (java -XX:MaxRAMPercentage=... -Xss... $JVM_ARGS). */
    private static final Set<String> IMAGE_VARIABLES = Set.of("MEM_MAX_RAM_PERCENTAGE", "MEM_XSS", "JVM_ARGS");

    /** Keys without a usable default in a cluster: no default at all, or localhost. */
    private static final List<String> REQUIRED_KEYS = List.of(
            "casguard.db.url", "casguard.db.user", "casguard.db.password", "casguard.secrets.key", "casguard.admin-token");
    private static final List<String> SECRET_KEYS = List.of(
            "casguard.db.password", "casguard.secrets.key", "casguard.admin-token");

    /** MicroProfile Health's endpoints (the contract's Operations) and Payara's metrics endpoint. */
    private static final String STARTED = "/health/started";
    private static final String READY = "/health/ready";
    private static final String LIVE = "/health/live";
    private static final String METRICS = "/metrics";

    /** A stock PostgreSQL: max_connections 100 less superuser_reserved_connections 3. */
    private static final int POSTGRES_SESSIONS = 97;

    private static final WarConfiguration WAR = WarConfiguration.ofTheWar();
    private static List<HasMetadata> rendered;

    @BeforeAll
    static void render() throws Exception {
        rendered = StrictKubernetesObjects.read(kustomize(BASE));
    }

    @Test
    void theBaseHoldsTheReplicasTheirServicesBudgetAndPolicy() {
        Set<String> objects = new TreeSet<>();
        rendered.forEach(o -> objects.add(o.getKind() + " " + o.getMetadata().getName()));
        assertEquals(Set.of("ConfigMap " + configMap().getMetadata().getName(), "Deployment casguard",
                "Service casguard", "Service casguard-grid", "PodDisruptionBudget casguard", "NetworkPolicy casguard"), objects);
        assertTrue(configMap().getMetadata().getName().startsWith("casguard-config-"),
                "kustomize names the generated ConfigMap by its content");
    }

    @Test
    void theReplicasStartTheWarFromTheImageAsComposeDoes() throws IOException {
        Container container = container(deployment());
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(finalName.find());
        Map<String, String> options = options(container);
        assertEquals(IMAGE_DEPLOYMENTS + finalName.group(1) + ".war", options.get("--deploy"));
        assertEquals("/", options.get("--contextroot"), "the API lives at /api/v1");
        assertEquals(String.valueOf(port(container, "http")), options.get("--port"));
        for (String file : List.of("--prebootcommandfile", "--postdeploycommandfile", "--logproperties")) {
            String path = options.get(file);
            assertNotNull(path, file);
            assertTrue(path.startsWith(IMAGE_CONFIG), path);
            assertTrue(Files.isRegularFile(Path.of("server-config", path.substring(IMAGE_CONFIG.length()))),
                    path + " is one of server-config/'s files");
        }
        Matcher version = Pattern.compile("<artifactId>casguard</artifactId>\\s*<version>([^<-]+)").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find());
        assertEquals("casguard:" + version.group(1), container.getImage(), "the image is tagged with the project's version");
    }

    @Test
    void theDataGridFindsItsMembersThroughTheHeadlessService() {
        Container container = container(deployment());
        Map<String, String> options = options(container);
        Service grid = service("casguard-grid");
        ServicePort port = onlyPort(grid);
        assertEquals("None", grid.getSpec().getClusterIP(), "headless: its name resolves to the pods' addresses");
        assertEquals(Boolean.TRUE, grid.getSpec().getPublishNotReadyAddresses(), "members find each other while starting");
        assertEquals(podLabels(), grid.getSpec().getSelector());
        assertEquals("dns:" + grid.getMetadata().getName() + ":" + port.getPort(), options.get("--clustermode"));
        assertEquals(port.getPort(), port(container, port.getTargetPort()));
        assertEquals(String.valueOf(port.getPort()), options.get("--startport"), "the grid listens where the members look");
        assertEquals(Boolean.FALSE, deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                "DNS discovery needs no Kubernetes API access");
    }

    @Test
    void theServiceRoutesToTheHttpPort() {
        Service service = service("casguard");
        ServicePort port = onlyPort(service);
        assertEquals(podLabels(), service.getSpec().getSelector());
        assertEquals(port(container(deployment()), "http"), port(container(deployment()), port.getTargetPort()));
    }

    @Test
    void probesAskMicroProfileHealthOnTheHttpPort() {
        Container container = container(deployment());
        assertTrue(WAR.hasHealthCheck(Readiness.class), "the WAR's readiness check (the database) answers on " + READY);
        assertProbe(container, container.getStartupProbe(), STARTED);
        assertProbe(container, container.getReadinessProbe(), READY);
        assertProbe(container, container.getLivenessProbe(), LIVE);
    }

    @Test
    void prometheusScrapesTheMetricsEndpoint() {
        Map<String, String> annotations = deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(String.valueOf(port(container(deployment()), "http")), annotations.get("prometheus.io/port"));
        assertEquals(METRICS, annotations.get("prometheus.io/path"));
    }

    @Test
    void everyVariableIsOneTheWarOrTheImageReads() {
        assertReadByTheWarOrImage(deployment());
    }

    @Test
    void aMisspelledVariableIsRefused() {
        Deployment misspelled = deployment().edit().editSpec().editTemplate().editSpec().editFirstContainer()
                .addNewEnv().withName("CASGUARD_DB_URI").withValue("jdbc:postgresql://db/casguard").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
        AssertionFailedError refused = assertThrows(AssertionFailedError.class, () -> assertReadByTheWarOrImage(misspelled));
        assertTrue(refused.getMessage().contains("CASGUARD_DB_URI"), refused.getMessage());
    }

    @Test
    void theRequiredSettingsAreSetAndTheSecretOnesComeFromSecrets() {
        Map<String, EnvVar> variables = new HashMap<>();
        container(deployment()).getEnv().forEach(v -> variables.put(v.getName(), v));
        Set<String> fromConfigMap = configMap().getData().keySet();
        for (String key : REQUIRED_KEYS) {
            String name = WarConfiguration.environmentName(key);
            assertTrue(WAR.environmentNames().contains(name), "the WAR reads " + key);
            assertTrue(variables.containsKey(name) || fromConfigMap.contains(name), name + " is set");
        }
        for (String key : SECRET_KEYS) {
            String name = WarConfiguration.environmentName(key);
            EnvVar variable = variables.get(name);
            assertNotNull(variable, name + " is set on the container, from a Secret");
            assertEquals(null, variable.getValue(), name + " has no literal value");
            assertNotNull(variable.getValueFrom().getSecretKeyRef(), name + " comes from a Secret");
            assertFalse(fromConfigMap.contains(name), name + " is not in the ConfigMap");
        }
    }

    @Test
    void theHeapIsSizedFromTheContainersMemoryLimit() {
        Container container = container(deployment());
        Quantity limit = container.getResources().getLimits().get("memory");
        assertNotNull(limit, "a memory limit, which the JVM sizes its heap from");
        assertEquals(limit, container.getResources().getRequests().get("memory"), "requested as much as the limit");
        double percentage = Double.parseDouble(variable(container, "MEM_MAX_RAM_PERCENTAGE"));
        assertTrue(percentage > 0 && percentage <= 80, "room beside the heap for metaspace, threads and buffers");
        BigDecimal heap = limit.getNumericalAmount().multiply(BigDecimal.valueOf(percentage / 100));
        assertTrue(heap.compareTo(BigDecimal.valueOf(512L << 20)) >= 0, "heap of at least 512 MiB: " + heap);
    }

    @Test
    void aRollingUpgradeAddsOneReplicaAtATimeWithinTheDatabasesSessions() {
        Deployment deployment = deployment();
        var rollout = deployment.getSpec().getStrategy();
        assertEquals("RollingUpdate", rollout.getType());
        assertEquals(new IntOrString(0), rollout.getRollingUpdate().getMaxUnavailable(), "an old replica stops only once a new one is ready");
        assertEquals(new IntOrString(1), rollout.getRollingUpdate().getMaxSurge(), "one new replica at a time");
        String poolSize = configMap().getData().getOrDefault(WarConfiguration.environmentName("casguard.db.pool-size"),
                WAR.defaultOf("casguard.db.pool-size").orElseThrow());
        int replicasDuringRollout = deployment.getSpec().getReplicas() + rollout.getRollingUpdate().getMaxSurge().getIntVal();
        int sessions = replicasDuringRollout * Integer.parseInt(poolSize);
        assertTrue(sessions <= POSTGRES_SESSIONS, "replicas during a rollout x pool size = " + sessions);
    }

    @Test
    void theReplicasRunUnprivilegedWithoutServiceLinks() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(IMAGE_UID, pod.getSecurityContext().getRunAsUser());
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), "no CASGUARD_PORT... variables from the Service named casguard");
        var container = container(deployment()).getSecurityContext();
        assertEquals(Boolean.FALSE, container.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getCapabilities().getDrop());
    }

    @Test
    void aStoppingReplicaLeavesTheServiceBeforeItStops() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        List<String> preStop = container(deployment()).getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0));
        assertTrue(Integer.parseInt(preStop.get(1)) < pod.getTerminationGracePeriodSeconds(), "time left to stop after the pause");
    }

    @Test
    void disruptionsTakeOneReplicaAtATime() {
        PodDisruptionBudget budget = only(PodDisruptionBudget.class);
        assertEquals(podLabels(), budget.getSpec().getSelector().getMatchLabels());
        assertEquals(new IntOrString(1), budget.getSpec().getMaxUnavailable());
        assertTrue(deployment().getSpec().getReplicas() > 1, "more replicas than the budget lets go");
    }

    @Test
    void onlyTheReplicasReachTheGridPort() {
        NetworkPolicy policy = only(NetworkPolicy.class);
        assertEquals(podLabels(), policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        Map<IntOrString, List<NetworkPolicyPeer>> sourcesByPort = new HashMap<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            for (NetworkPolicyPort port : rule.getPorts()) {
                assertEquals(null, sourcesByPort.put(port.getPort(), rule.getFrom()), "one rule per port");
            }
        }
        assertEquals(Set.of(new IntOrString("http"), new IntOrString("grid")), sourcesByPort.keySet(), "every container port, by name");
        assertTrue(sourcesByPort.get(new IntOrString("http")).isEmpty(), "HTTP open to all");
        List<NetworkPolicyPeer> gridSources = sourcesByPort.get(new IntOrString("grid"));
        assertEquals(1, gridSources.size());
        assertEquals(podLabels(), gridSources.get(0).getPodSelector().getMatchLabels());
        assertEquals(null, gridSources.get(0).getNamespaceSelector(), "from this namespace only");
    }

    @Test
    void aFieldTheModelDoesNotKnowIsRefusedAtAnyDepth() {
        String typo = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: casguard
                spec:
                  ports:
                    - name: http
                      port: 8080
                      targetPrt: http
                """;
        AssertionFailedError refused = assertThrows(AssertionFailedError.class, () -> StrictKubernetesObjects.read(typo));
        assertTrue(refused.getMessage().contains("targetPrt"), refused.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        String quoted = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: casguard
                spec:
                  replicas: "3"
                """;
        AssertionFailedError refused = assertThrows(AssertionFailedError.class, () -> StrictKubernetesObjects.read(quoted));
        assertTrue(refused.getMessage().contains(".spec.replicas (STRING read as NUMBER)"), refused.getMessage());
    }

    private static void assertReadByTheWarOrImage(Deployment deployment) {
        Container container = container(deployment);
        Set<String> names = new TreeSet<>();
        container.getEnv().forEach(v -> assertTrue(names.add(v.getName()), v.getName() + " set once"));
        for (EnvFromSource source : container.getEnvFrom()) {
            String name = source.getConfigMapRef().getName();
            assertEquals(configMap().getMetadata().getName(), name, "envFrom names the rendered ConfigMap");
            configMap().getData().keySet().forEach(key -> assertTrue(names.add(key), key + " set once"));
        }
        Set<String> known = new TreeSet<>(WAR.environmentNames());
        known.addAll(IMAGE_VARIABLES);
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "variables neither the WAR nor the image reads");
    }

    private static void assertProbe(Container container, Probe probe, String path) {
        assertNotNull(probe, path);
        HTTPGetAction get = probe.getHttpGet();
        assertEquals(path, get.getPath());
        assertEquals(port(container, "http"), port(container, get.getPort()), path + " on the HTTP port");
        assertTrue(probe.getTimeoutSeconds() < probe.getPeriodSeconds(), path + " answers before the next probe");
    }

    private static Map<String, String> options(Container container) {
        List<String> args = container.getArgs();
        assertEquals(0, args.size() % 2, "options in pairs: " + args);
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            assertTrue(args.get(i).startsWith("--"), args.get(i));
            assertEquals(null, options.put(args.get(i), args.get(i + 1)), args.get(i) + " given once");
        }
        return options;
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionFailedError("no container port named " + name));
    }

    private static int port(Container container, IntOrString port) {
        return port.getStrVal() != null ? port(container, port.getStrVal()) : port.getIntVal();
    }

    private static String variable(Container container, String name) {
        return container.getEnv().stream().filter(v -> v.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionFailedError(name + " is set"));
    }

    private static ServicePort onlyPort(Service service) {
        assertEquals(1, service.getSpec().getPorts().size(), service.getMetadata().getName());
        return service.getSpec().getPorts().get(0);
    }

    private static Map<String, String> podLabels() {
        Map<String, String> labels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        assertEquals(labels, deployment().getSpec().getSelector().getMatchLabels());
        return labels;
    }

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Deployment deployment() {
        return only(Deployment.class);
    }

    private static ConfigMap configMap() {
        return only(ConfigMap.class);
    }

    private static Service service(String name) {
        return rendered.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionFailedError("no Service " + name));
    }

    private static <T extends HasMetadata> T only(Class<T> kind) {
        List<T> objects = rendered.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, objects.size(), kind.getSimpleName());
        return objects.get(0);
    }

    /** kubectl kustomize, as an operator runs it; anything on standard error (a deprecation, say) fails. */
    private static String kustomize(Path base) throws IOException, InterruptedException {
        String kubectl = System.getProperty("casguard.kubectl", System.getenv().getOrDefault("KUBECTL", "kubectl"));
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", base.toString()).start();
        } catch (IOException e) {
            throw new AssertionFailedError(kubectl + " could not be run (Debian: apt-get install kubernetes-client)", e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionFailedError(kubectl + " kustomize did not finish within 60 s");
        }
        assertEquals(0, process.exitValue(), kubectl + " kustomize: " + err.join());
        assertEquals("", err.join().strip(), kubectl + " kustomize wrote to standard error");
        return out.join();
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
