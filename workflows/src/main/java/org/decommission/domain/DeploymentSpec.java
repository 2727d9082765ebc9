package org.decommission.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asked for: the body of POST /api/deployments, stored as given (normalised) in the
 * database. Validation lives in {@link SpecValidator}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record DeploymentSpec(
    String name,
    String image,
    Integer replicas,
    List<String> command,
    Map<String, String> env,
    String network,
    List<PortSpec> ports,
    List<VolumeSpec> volumes,
    HealthCheckSpec healthCheck,
    RouteSpec route,
    String host,
    Boolean deletionProtection,
    Resources resources) {

  /** A spec without deletion protection. */
  public DeploymentSpec(String name, String image, Integer replicas, List<String> command, Map<String, String> env,
      String network, List<PortSpec> ports, List<VolumeSpec> volumes, HealthCheckSpec healthCheck, RouteSpec route, String host) {
    this(name, image, replicas, command, env, network, ports, volumes, healthCheck, route, host, null);
  }

  /** A spec without resources: none are limited, none reserved. */
  public DeploymentSpec(String name, String image, Integer replicas, List<String> command, Map<String, String> env,
      String network, List<PortSpec> ports, List<VolumeSpec> volumes, HealthCheckSpec healthCheck, RouteSpec route, String host,
      Boolean deletionProtection) {
    this(name, image, replicas, command, env, network, ports, volumes, healthCheck, route, host, deletionProtection, null);
  }

  public DeploymentSpec {
    // Copies that keep null elements, so SpecValidator can name them instead of the JSON
    // mapping failing on them; the env keeps its order, so containers get a stable environment.
    command = command == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(command));
    env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    ports = ports == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(ports));
    volumes = volumes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(volumes));
  }

  /** The number of replicas, one when not given. */
  public int replicaCount() {
    return replicas == null ? 1 : replicas;
  }

  /** The Docker host this deployment runs on, {@code local} when not given. */
  public String hostOrDefault() {
    return host == null || host.isBlank() ? "local" : host;
  }

  /** The value of {@code network} that asks for the host's network instead of the deployment's own. */
  public static final String HOST_NETWORK = "host";

  /**
   * Whether the replicas share the host's network (an admin's exception) instead of joining the
   * deployment's own bridge network.
   */
  public boolean hostNetwork() {
    return HOST_NETWORK.equals(network);
  }

  public DeploymentSpec withHost(String newHost) {
    return new DeploymentSpec(
        name, image, replicas, command, env, network, ports, volumes, healthCheck, route, newHost, deletionProtection, resources);
  }

  public DeploymentSpec withImage(String newImage) {
    return new DeploymentSpec(
        name, newImage, replicas, command, env, network, ports, volumes, healthCheck, route, host, deletionProtection, resources);
  }

  /** This spec with its resources, each field not given taken from {@code defaults}. */
  public DeploymentSpec withResourceDefaults(Resources defaults) {
    Resources filled = resources == null ? defaults : resources.orElse(defaults);
    return new DeploymentSpec(
        name, image, replicas, command, env, network, ports, volumes, healthCheck, route, host, deletionProtection, filled);
  }

  /** A named container port; each replica gets its own host port for it. */
  public record PortSpec(String name, Integer containerPort) {}

  /** A named volume mounted into every replica. */
  public record VolumeSpec(String name, String mountPath, VolumeScope scope, VolumeDeletePolicy onDelete) {
    public VolumeSpec(String name, String mountPath, VolumeScope scope) {
      this(name, mountPath, scope, null);
    }

    public VolumeScope scopeOrDefault() {
      return scope == null ? VolumeScope.DEPLOYMENT : scope;
    }

    /** What the purge does with the volume: DELETE unless said otherwise; a shared one is kept. */
    public VolumeDeletePolicy onDeleteOrDefault() {
      if (scopeOrDefault() == VolumeScope.SHARED) {
        return VolumeDeletePolicy.RETAIN;
      }
      return onDelete == null ? VolumeDeletePolicy.DELETE : onDelete;
    }
  }

  /**
   * What the purge does with a volume the deployment owns: DELETE removes it; RETAIN leaves it
   * in place, released from the deployment; SNAPSHOT archives its content as a tar.gz under
   * {@code <data dir>/snapshots/<id>/} and then removes it.
   */
  public enum VolumeDeletePolicy {
    DELETE,
    RETAIN,
    SNAPSHOT
  }

  /**
   * DEPLOYMENT: one volume for the deployment, mounted into every replica; REPLICA: one volume
   * per replica (each keeps its own data); both live and die with the deployment. SHARED: one
   * volume that outlives every deployment using it.
   */
  public enum VolumeScope {
    DEPLOYMENT,
    REPLICA,
    SHARED;

    /** Whether the deployment owns (and its purge removes) volumes of this scope. */
    public boolean ownedByDeployment() {
      return this != SHARED;
    }
  }

  /** How HEALTH_CHECK decides a replica is ready. */
  public record HealthCheckSpec(HealthCheckType type, String port, String path, Integer timeoutSeconds) {
    public int timeoutOrDefault() {
      return timeoutSeconds == null ? 30 : timeoutSeconds;
    }
  }

  public enum HealthCheckType {
    HTTP,
    TCP,
    NONE
  }

  /** A route in the reverse proxy's file-provider configuration. */
  public record RouteSpec(String host, String port) {}
}
