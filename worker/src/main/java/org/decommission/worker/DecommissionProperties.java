package org.decommission.worker;

import javax.sql.DataSource;
import org.decommission.activities.store.InstallationStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.decommission.activities.Settings;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Resources;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Every {@code decommission.*} setting (environment variables bind by Spring's relaxed rules:
 * {@code DECOMMISSION_DATA_DIR} is {@code decommission.data-dir}).
 */
@ConfigurationProperties("decommission")
public record DecommissionProperties(
    String dataDir,
    @DefaultValue Temporal temporal,
    @DefaultValue Docker docker,
    @DefaultValue Ports ports,
    @DefaultValue Network network,
    @DefaultValue Delete delete,
    @DefaultValue Failed failed,
    @DefaultValue Reconcile reconcile,
    @DefaultValue Worker worker,
    @DefaultValue ResourceSettings resources,
    @DefaultValue Capacity capacity,
    @DefaultValue ImageProperties images,
    @DefaultValue SnapshotProperties snapshots,
    Map<String, RegistryProperties> registries,
    @DefaultValue RouteProperties routes,
    @DefaultValue WebhookProperties webhooks,
    String installationId) {

  /**
   * Where the Temporal frontend is. Blank: an engine of the program's own on {@code embeddedPort}
   * (127.0.0.1), {@code embedded} = {@code dev-server} (the Temporal CLI's, with its UI on {@code
   * uiPort}, by default the engine port + 1000) or {@code test-server} (the SDK's in-process test
   * server, for machines without the CLI: no UI, no schedules, nothing kept across a restart).
   */
  public record Temporal(
      String target,
      @DefaultValue("default") String namespace,
      @DefaultValue("7233") int embeddedPort,
      @DefaultValue("true") boolean stickyExecution,
      @DefaultValue(DEV_SERVER) String embedded,
      int uiPort,
      String cli,
      String uiUrl) {
    public static final String DEV_SERVER = "dev-server";
    public static final String TEST_SERVER = "test-server";

    public Temporal {
      if (!DEV_SERVER.equals(embedded) && !TEST_SERVER.equals(embedded)) {
        throw new IllegalArgumentException("decommission.temporal.embedded must be dev-server or test-server, got " + embedded);
      }
    }

    /** Whether the program runs an engine of its own (no external frontend is configured). */
    public boolean ownEngine() {
      return target == null || target.isBlank();
    }

    public boolean devServer() {
      return ownEngine() && DEV_SERVER.equals(embedded);
    }

    public int uiPortOrDefault() {
      return uiPort > 0 ? uiPort : embeddedPort + 1000;
    }

    /**
     * Where the Temporal UI is, for links to a workflow's page: {@code decommission.temporal.ui-url},
     * else the dev server's own UI; null when neither is known.
     */
    public String uiBaseUrl() {
      if (uiUrl != null && !uiUrl.isBlank()) {
        return uiUrl.replaceAll("/+$", "");
      }
      return devServer() ? "http://127.0.0.1:" + uiPortOrDefault() : null;
    }
  }

  /** Docker host ids and their endpoints; {@code local} (DOCKER_HOST or the socket) when none. */
  public record Docker(Map<String, String> hosts) {
    public Map<String, String> hostsOrDefault() {
      if (hosts == null || hosts.isEmpty()) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("local", "");
        return local;
      }
      return hosts;
    }

    /**
     * The hosts whose daemon runs on this machine (the default socket, or a {@code unix://} one):
     * their host ports can be probed from here.
     */
    public java.util.Set<String> localHosts() {
      java.util.Set<String> local = new java.util.LinkedHashSet<>();
      hostsOrDefault().forEach((id, endpoint) -> {
        if (endpoint == null || endpoint.isBlank() || endpoint.startsWith("unix://")) {
          local.add(id);
        }
      });
      return local;
    }
  }

  /** The host port pool, and the host address replicas' ports are published on. */
  public record Ports(@DefaultValue("20000-29999") String range, @DefaultValue(Settings.LOOPBACK) String hostIp) {}

  /**
   * Whether a spec may ask for the host's network ({@code "network": "host"}), an admin's
   * exception: such replicas share the host's loopback with the control plane.
   */
  public record Network(@DefaultValue("false") boolean allowHost) {}

  /**
   * The soft-delete window, the SIGTERM grace, how many times each delete, purge or cleanup step
   * is tried before the deployment is reported stuck, and how often the purge backstop looks for
   * overdue purges (at least 1s).
   */
  public record Delete(
      @DefaultValue("24h") Duration retention, @DefaultValue("10s") Duration stopGrace, @DefaultValue("8") int stepAttempts,
      @DefaultValue("15m") Duration backstopInterval) {
    public Delete {
      if (backstopInterval == null || backstopInterval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("decommission.delete.backstop-interval must be at least 1s, got " + backstopInterval);
      }
    }
  }

  /**
   * How many failed deployments keep their containers, stopped and with their volumes, for
   * debugging; the next failure beyond that pushes the oldest out. 0: a failed deploy is cleaned
   * up at once.
   */
  public record Failed(@DefaultValue("0") int keep) {}

  /**
   * The reconciler of every Docker host: a sweep every {@code interval}; FAILED records older
   * than {@code errorRetention} are purged; our containers with no live record are removed once
   * older than {@code orphanGrace}; {@code dryRun} reports and changes nothing; {@code events}
   * follows Docker's event stream for drift within a second. Each duration has a lower bound,
   * checked at start.
   */
  public record Reconcile(
      @DefaultValue("60s") Duration interval,
      @DefaultValue("7d") Duration errorRetention,
      @DefaultValue("10m") Duration orphanGrace,
      @DefaultValue("false") boolean dryRun,
      @DefaultValue("true") boolean events) {
    static final Duration MIN = Duration.ofSeconds(1);

    public Reconcile {
      require("decommission.reconcile.interval", interval);
      require("decommission.reconcile.error-retention", errorRetention);
      require("decommission.reconcile.orphan-grace", orphanGrace);
    }

    private static void require(String property, Duration value) {
      if (value == null || value.compareTo(MIN) < 0) {
        throw new IllegalArgumentException(property + " must be at least " + MIN.toSeconds() + "s, got " + value);
      }
    }
  }

  /**
   * Each replica's limits when a spec gives none ({@code decommission.resources.default.*}), and
   * the most a spec may ask for ({@code decommission.resources.max.*}): cpu in cores, memory in
   * MiB, pids, storage in GiB (for the deployment's volumes).
   */
  public record ResourceSettings(@Name("default") @DefaultValue Defaults defaults, @DefaultValue Maxima max) {
    public record Defaults(
        @DefaultValue("1") Double cpu, @DefaultValue("512") Integer memory, @DefaultValue("512") Integer pids,
        @DefaultValue("1") Integer storage) {
      public Resources resources() {
        return new Resources(cpu, memory, pids, storage);
      }
    }

    public record Maxima(
        @DefaultValue("4") Double cpu, @DefaultValue("8192") Integer memory, @DefaultValue("4096") Integer pids,
        @DefaultValue("100") Integer storage) {
      public Resources resources() {
        return new Resources(cpu, memory, pids, storage);
      }
    }

    public ResourceSettings {
      for (var field : java.util.List.of(
          new Object[] {"cpu", defaults.cpu(), max.cpu()}, new Object[] {"memory", defaults.memory(), max.memory()},
          new Object[] {"pids", defaults.pids(), max.pids()}, new Object[] {"storage", defaults.storage(), max.storage()})) {
        Number given = (Number) field[1];
        Number most = (Number) field[2];
        if (given == null || most == null || given.doubleValue() < 0 || given.doubleValue() > most.doubleValue()) {
          throw new IllegalArgumentException("decommission.resources.default." + field[0] + " (" + given
              + ") must be given, and at most decommission.resources.max." + field[0] + " (" + most + ")");
        }
      }
    }
  }

  /**
   * What each Docker host may hand out to deployments (cpu in cores, memory in MiB, storage in
   * GiB); not set: not limited. {@code hosts.<id>.*} overrides a host's own.
   */
  public record Capacity(Double cpu, Long memory, Long storage, Map<String, HostLimits> hosts) {
    /** One host's own limits; a field not set falls back to the one for every host. */
    public record HostLimits(Double cpu, Long memory, Long storage) {}

    public HostCapacity of(String host) {
      HostLimits own = hosts == null ? null : hosts.get(host);
      Double c = own != null && own.cpu() != null ? own.cpu() : cpu;
      Long m = own != null && own.memory() != null ? own.memory() : memory;
      Long st = own != null && own.storage() != null ? own.storage() : storage;
      return new HostCapacity(c == null ? null : Math.round(c * 1000), m, st);
    }
  }

  /** Whether this process runs a worker (the all-in-one does; a pure API process does not). */
  public record Worker(@DefaultValue("true") boolean enabled) {}

  /**
   * This installation's id, stamped on every Docker object it makes: the configured
   * {@code decommission.installation-id}, else the one its database was given at creation, so
   * every worker of one installation stamps the same.
   */
  public String installationId(DataSource dataSource) {
    return installationId != null && !installationId.isBlank() ? installationId : new InstallationStore(dataSource).id();
  }

  /**
   * How the host workers pull: the policy and each registry host's credentials (a map key with
   * dots or a port is written in brackets: {@code decommission.registries[127.0.0.1:5000].username}).
   */
  public org.decommission.activities.docker.ImageSettings imageSettings(org.decommission.activities.PullRecords records) {
    Map<String, org.decommission.activities.docker.RegistryCredentials> logins = new java.util.HashMap<>();
    (registries == null ? Map.<String, RegistryProperties>of() : registries).forEach((host, r) -> {
      if (r.username() == null || r.username().isBlank() || r.password() == null) {
        throw new IllegalArgumentException("decommission.registries[" + host + "] needs both username and password");
      }
      logins.put(host, new org.decommission.activities.docker.RegistryCredentials(r.username(), r.password()));
    });
    return new org.decommission.activities.docker.ImageSettings(
        org.decommission.activities.docker.PullPolicy.parse(images.pullPolicy()), logins, records);
  }

  /** The snapshots under the data dir, with their retention and the free space they need. */
  public org.decommission.activities.files.Snapshots snapshotStore() {
    return new org.decommission.activities.files.Snapshots(dataDirPath(), snapshots.retention(), snapshots.minFree().toBytes());
  }

  public Path dataDirPath() {
    String dir = dataDir == null || dataDir.isBlank() ? System.getProperty("user.home") + "/.decommission" : dataDir;
    return Path.of(dir).toAbsolutePath().normalize();
  }

  public Settings settings() {
    String[] range = ports.range().split("-");
    if (range.length != 2) {
      throw new IllegalArgumentException("decommission.ports.range must look like 20000-29999, got " + ports.range());
    }
    return new Settings(
        dataDirPath(), Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim()), delete.retention(), delete.stopGrace(),
        ports.hostIp().trim());
  }
}
