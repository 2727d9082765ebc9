package org.decommission.worker;

import javax.sql.DataSource;
import org.decommission.activities.store.InstallationStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.decommission.activities.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
    String installationId) {

  /** Where the Temporal frontend is; blank means the in-process engine on {@code embeddedPort}. */
  public record Temporal(
      String target,
      @DefaultValue("default") String namespace,
      @DefaultValue("7233") int embeddedPort,
      @DefaultValue("true") boolean stickyExecution) {
    public boolean embedded() {
      return target == null || target.isBlank();
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
   * The soft-delete window, the SIGTERM grace, and how many times each delete, purge or cleanup
   * step is tried before the deployment is reported stuck.
   */
  public record Delete(
      @DefaultValue("24h") Duration retention, @DefaultValue("10s") Duration stopGrace, @DefaultValue("8") int stepAttempts) {}

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
