package org.decommission.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * How a deployment's lifecycle workflow reads in the Temporal UI: a one-line summary and details,
 * given when its run starts (what it is doing now is {@code lifecycle.CurrentDetails}).
 */
public final class WorkflowText {
  private WorkflowText() {}

  /** {@code web · 2 replicas · alice · host local}. */
  public static String summary(DeploymentRecord record) {
    int replicas = record.spec().replicaCount();
    return record.spec().name() + " · " + replicas + (replicas == 1 ? " replica" : " replicas") + " · " + record.owner()
        + " · host " + record.host();
  }

  /** The spec in short, as markdown: image, ports, volumes, network, resources. */
  public static String details(DeploymentRecord record) {
    DeploymentSpec spec = record.spec();
    List<String> lines = new ArrayList<>();
    lines.add("**deployment** `" + record.id() + "`");
    lines.add("**image** `" + spec.image() + "`");
    if (!spec.ports().isEmpty()) {
      lines.add("**ports** " + String.join(", ", spec.ports().stream().map(p -> p.name() + " " + p.containerPort()).toList()));
    }
    if (!spec.volumes().isEmpty()) {
      lines.add("**volumes** " + String.join(", ", spec.volumes().stream().map(v -> v.name() + " (" + v.scopeOrDefault() + ")").toList()));
    }
    lines.add("**network** " + (spec.hostNetwork() ? "the host's" : "`" + Naming.networkName(record.id()) + "`"));
    if (spec.resources() != null) {
      Resources r = spec.resources();
      lines.add("**per replica** " + r.cpu() + " cpu, " + r.memory() + " MiB, " + r.pids() + " pids; **storage** " + r.storage() + " GiB");
    }
    if (spec.route() != null) {
      lines.add("**route** " + spec.route().host());
    }
    return String.join("  \n", lines);
  }
}
