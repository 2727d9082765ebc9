package org.decommission.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.decommission.domain.DeploymentSpec.HealthCheckType;
import org.decommission.domain.DeploymentSpec.PortSpec;
import org.decommission.domain.DeploymentSpec.VolumeSpec;

/** Checks a {@link DeploymentSpec} and names every field that is wrong. Pure code, no I/O. */
public final class SpecValidator {

  /** A field that is wrong and why, for a problem document. */
  public record FieldError(String field, String message) {}

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern PORT_OR_VOLUME_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
  private static final Pattern IMAGE =
      Pattern.compile(
          "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*"
              + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern HOST_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
  private static final Pattern ROUTE_HOST =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/%?-]*");

  public static final int MAX_REPLICAS = 100;

  private SpecValidator() {}

  /** Every problem with the spec; empty when it is valid. */
  public static List<FieldError> validate(DeploymentSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (spec == null) {
      errors.add(new FieldError("", "a deployment spec is required"));
      return errors;
    }
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      errors.add(
          new FieldError(
              "name", "must be 1-40 lower-case letters, digits or '-', starting and ending with a letter or digit"));
    }
    if (spec.image() == null || spec.image().length() > 255 || !IMAGE.matcher(spec.image()).matches()) {
      errors.add(new FieldError("image", "must be a Docker image reference such as 'nginx:1.27'"));
    }
    if (spec.replicas() != null && (spec.replicas() < 1 || spec.replicas() > MAX_REPLICAS)) {
      errors.add(new FieldError("replicas", "must be between 1 and " + MAX_REPLICAS));
    }
    if (spec.network() != null && !spec.hostNetwork()) {
      errors.add(new FieldError("network",
          "leave it out (the deployment gets a bridge network of its own) or say 'host' (admins only, where allowed)"));
    }
    if (spec.host() != null && !HOST_ID.matcher(spec.host()).matches()) {
      errors.add(new FieldError("host", "must be a Docker host id such as 'local'"));
    }
    if (spec.command().size() > 64 || spec.command().stream().anyMatch(c -> c == null || c.length() > 4096)) {
      errors.add(new FieldError("command", "at most 64 arguments of at most 4096 characters each"));
    }
    if (spec.env().size() > 200) {
      errors.add(new FieldError("env", "at most 200 variables"));
    }
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      if (!ENV_KEY.matcher(e.getKey()).matches() || e.getValue() == null || e.getValue().length() > 8192) {
        errors.add(new FieldError("env." + e.getKey(), "names are letters, digits and '_'; values at most 8192 characters"));
      }
    }
    Set<String> portNames = new HashSet<>();
    for (int i = 0; i < spec.ports().size(); i++) {
      PortSpec p = spec.ports().get(i);
      String f = "ports[" + i + "]";
      if (p == null) {
        errors.add(new FieldError(f, "must not be null"));
        continue;
      }
      if (p.name() == null || !PORT_OR_VOLUME_NAME.matcher(p.name()).matches()) {
        errors.add(new FieldError(f + ".name", "must be 1-32 lower-case letters, digits or '-'"));
      } else if (!portNames.add(p.name())) {
        errors.add(new FieldError(f + ".name", "is used twice"));
      }
      if (p.containerPort() == null || p.containerPort() < 1 || p.containerPort() > 65535) {
        errors.add(new FieldError(f + ".containerPort", "must be between 1 and 65535"));
      }
    }
    if (spec.ports().size() > 10) {
      errors.add(new FieldError("ports", "at most 10 named ports"));
    }
    Set<String> volumeNames = new HashSet<>();
    Set<String> mountPaths = new HashSet<>();
    for (int i = 0; i < spec.volumes().size(); i++) {
      VolumeSpec v = spec.volumes().get(i);
      String f = "volumes[" + i + "]";
      if (v == null) {
        errors.add(new FieldError(f, "must not be null"));
        continue;
      }
      if (v.name() == null || !PORT_OR_VOLUME_NAME.matcher(v.name()).matches()) {
        errors.add(new FieldError(f + ".name", "must be 1-32 lower-case letters, digits or '-'"));
      } else if (!volumeNames.add(v.name())) {
        errors.add(new FieldError(f + ".name", "is used twice"));
      }
      if (v.scopeOrDefault() == DeploymentSpec.VolumeScope.SHARED && v.onDelete() != null
          && v.onDelete() != DeploymentSpec.VolumeDeletePolicy.RETAIN) {
        errors.add(new FieldError(f + ".onDelete", "a shared volume is never removed by one deployment; leave onDelete out"));
      }
      if (!isSafeAbsolutePath(v.mountPath())) {
        errors.add(new FieldError(f + ".mountPath", "must be an absolute path without '..'"));
      } else if (!mountPaths.add(v.mountPath())) {
        errors.add(new FieldError(f + ".mountPath", "is used twice"));
      }
    }
    if (spec.volumes().size() > 20) {
      errors.add(new FieldError("volumes", "at most 20 volumes"));
    }
    if (spec.healthCheck() != null) {
      var hc = spec.healthCheck();
      HealthCheckType type = hc.type() == null ? HealthCheckType.NONE : hc.type();
      if (type != HealthCheckType.NONE && (hc.port() == null || !portNames.contains(hc.port()))) {
        errors.add(new FieldError("healthCheck.port", "must name one of the ports"));
      }
      if (type == HealthCheckType.HTTP && hc.path() != null && (!HTTP_PATH.matcher(hc.path()).matches() || hc.path().contains(".."))) {
        errors.add(new FieldError("healthCheck.path", "must be an absolute URL path without '..'"));
      }
      if (hc.timeoutSeconds() != null && (hc.timeoutSeconds() < 1 || hc.timeoutSeconds() > 600)) {
        errors.add(new FieldError("healthCheck.timeoutSeconds", "must be between 1 and 600"));
      }
    }
    if (spec.resources() != null) {
      resources(spec.resources(), errors);
    }
    if (spec.route() != null) {
      if (spec.route().host() == null || spec.route().host().length() > 253 || !ROUTE_HOST.matcher(spec.route().host()).matches()) {
        errors.add(new FieldError("route.host", "must be a DNS host name"));
      }
      if (spec.route().port() == null || !portNames.contains(spec.route().port())) {
        errors.add(new FieldError("route.port", "must name one of the ports"));
      }
    }
    return errors;
  }

  /**
   * Resources within what any host could give: Docker refuses a memory limit under 6 MiB, and no
   * kernel runs more than 4,194,304 processes. An installation's own maxima are checked apart
   * (they are configuration).
   */
  private static void resources(Resources r, List<FieldError> errors) {
    if (r.cpu() != null && (r.cpu().isNaN() || r.cpu() < 0.01 || r.cpu() > 1024)) {
      errors.add(new FieldError("resources.cpu", "cores per replica, between 0.01 and 1024"));
    }
    if (r.memory() != null && (r.memory() < 6 || r.memory() > 4_194_304)) {
      errors.add(new FieldError("resources.memory", "MiB per replica, between 6 and 4194304"));
    }
    if (r.pids() != null && (r.pids() < 16 || r.pids() > MAX_PIDS)) {
      errors.add(new FieldError("resources.pids", "processes per replica, between 16 and " + MAX_PIDS));
    }
    if (r.storage() != null && (r.storage() < 0 || r.storage() > 1_048_576)) {
      errors.add(new FieldError("resources.storage", "GiB for the deployment's volumes, between 0 and 1048576"));
    }
  }

  /** The kernel's own limit on process ids (pid_max on 64-bit). */
  public static final int MAX_PIDS = 4_194_304;

  static boolean isSafeAbsolutePath(String path) {
    if (path == null || path.isEmpty() || path.length() > 1024 || !path.startsWith("/") || path.equals("/")) {
      return false;
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        return false;
      }
    }
    return path.chars().noneMatch(c -> c < 0x20 || c == ':' || c == '\\');
  }
}
