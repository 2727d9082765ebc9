package org.decommission.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one reconcile sweep of a Docker host does, computed from what the database and Docker
 * say, by pure code apart from the code that applies it:
 *
 * <ul>
 *   <li>{@code GHOST}: a RUNNING or STOPPED record none of whose containers exist → MISSING;
 *   <li>{@code DRIFT}: containers changed out of band (stopped, started, some removed) → the
 *       status follows them ({@link Drift});
 *   <li>{@code EXPIRE_FAILED}: a FAILED record older than the error retention → deleted and
 *       purged, freeing its name and ports; never one with deletion protection on;
 *   <li>{@code REMOVE_ORPHAN}: one of our containers on this host whose deployment has no live
 *       record (none, or deleted) → removed once older than the orphan grace;
 *   <li>{@code ADOPT}: a record that is not final and has no running workflow → its workflow is
 *       started again;
 *   <li>{@code REMOVE_ORPHAN_NETWORK}: one of our networks on this host whose deployment has no
 *       record that is not purged → removed once older than the orphan grace. A deleted
 *       deployment keeps its network through the window, like its volumes;
 *   <li>{@code REMOVE_STALE_ROUTE}: one of our routes in the proxy whose deployment has no record
 *       on any host that may hold a route (none, or deleted: a delete withdraws the route, so one
 *       left behind is stale) → withdrawn.
 * </ul>
 *
 * The containers given must already be ours and this host's (the label filter of the one list
 * call); nothing else can appear in a plan.
 */
public record SweepPlan(List<Action> actions) {

  /** A deployment record of the host: what the sweep needs of it. */
  public record Record(String id, DeploymentStatus status, int revision, int replicas, Instant updatedAt, boolean deletionProtected) {
    public Record(String id, DeploymentStatus status, int revision, int replicas, Instant updatedAt) {
      this(id, status, revision, replicas, updatedAt, false);
    }
  }

  /** One of our containers on the host. */
  /**
   * One of our containers as the sweep sees it. {@code claimed}: it carries this installation's
   * label. An unclaimed one (made before the label existed) is followed when a record knows it,
   * and never removed as an orphan: it may be another installation's.
   */
  public record Container(String containerId, String name, String deploymentId, int revision, boolean running, Instant createdAt, boolean claimed) {
    public Container(String containerId, String name, String deploymentId, int revision, boolean running, Instant createdAt) {
      this(containerId, name, deploymentId, revision, running, createdAt, true);
    }
  }

  /**
   * One of our networks as the sweep sees it; {@code claimed} as for a {@link Container}: an
   * unclaimed one is never removed.
   */
  public record Network(String networkId, String name, String deploymentId, Instant createdAt, boolean claimed) {}

  /**
   * One of our routes in the proxy (its key is ours: {@link Naming#deploymentOfRouteKey}), named
   * as receipts name it, with the status of its deployment's record on any host, null when there
   * is none: the proxy serves every host, so a route need not be this host's.
   */
  public record Route(String deploymentId, String name, DeploymentStatus status) {}

  public enum Kind {
    GHOST,
    DRIFT,
    EXPIRE_FAILED,
    REMOVE_ORPHAN,
    ADOPT,
    REMOVE_ORPHAN_NETWORK,
    REMOVE_STALE_ROUTE
  }

  /**
   * One thing to do; {@code containerId} and {@code containerName} only for an orphan: the
   * container's, or for an orphan network the network's id and name; for a stale route, {@code
   * containerName} is the route's name.
   */
  public record Action(Kind kind, String deploymentId, String containerId, String containerName, String detail) {}

  public static SweepPlan plan(
      List<Record> records, List<Container> containers, Set<String> withWorkflow, Instant now, Duration errorRetention, Duration orphanGrace) {
    return plan(records, containers, List.of(), List.of(), withWorkflow, now, errorRetention, orphanGrace);
  }

  public static SweepPlan plan(
      List<Record> records, List<Container> containers, List<Network> networks, List<Route> routes, Set<String> withWorkflow,
      Instant now, Duration errorRetention, Duration orphanGrace) {
    Map<String, List<Drift.Seen>> seen = new HashMap<>();
    for (Container c : containers) {
      if (c.deploymentId() != null) {
        seen.computeIfAbsent(c.deploymentId(), k -> new ArrayList<>()).add(new Drift.Seen(c.name(), c.revision(), c.running()));
      }
    }
    Map<String, Record> byId = new HashMap<>();
    List<Action> actions = new ArrayList<>();
    for (Record r : records) {
      byId.put(r.id(), r);
      List<Drift.Seen> its = seen.getOrDefault(r.id(), List.of());
      if (!r.status().isFinal() && !withWorkflow.contains(r.id())) {
        actions.add(new Action(Kind.ADOPT, r.id(), null, null, r.status() + " with no running workflow"));
      }
      if (r.status() == DeploymentStatus.FAILED && !r.deletionProtected() && r.updatedAt() != null
          && r.updatedAt().plus(errorRetention).isBefore(now)) {
        actions.add(new Action(Kind.EXPIRE_FAILED, r.id(), null, null, "FAILED since " + r.updatedAt() + ", past the error retention of " + errorRetention));
        continue;
      }
      Optional<DeploymentStatus> next = Drift.follow(r.status(), r.replicas(), r.revision(), its);
      if (next.isPresent()) {
        boolean ghost = next.get() == DeploymentStatus.MISSING && its.stream().noneMatch(s -> s.revision() == r.revision());
        actions.add(new Action(ghost ? Kind.GHOST : Kind.DRIFT, r.id(), null, null,
            r.status() + " but the containers say " + next.get() + " (" + its.size() + " of " + r.replicas() + " found)"));
      }
    }
    for (Container c : containers) {
      Record owner = c.deploymentId() == null ? null : byId.get(c.deploymentId());
      // A deleted deployment no longer holds its name, nor owns containers: any left are orphans.
      if (owner != null && owner.status().holdsName()) {
        continue;
      }
      if (!c.claimed()) {
        continue; // made before the installation label: without a record of it, maybe another's
      }
      if (c.createdAt() != null && c.createdAt().plus(orphanGrace).isAfter(now)) {
        continue; // young: a deploy may be about to record it
      }
      actions.add(new Action(Kind.REMOVE_ORPHAN, c.deploymentId(), c.containerId(), c.name(),
          owner == null ? "no record of deployment " + c.deploymentId() : "its deployment is " + owner.status()));
    }
    for (Network n : networks) {
      if (!n.claimed() || (n.deploymentId() != null && byId.containsKey(n.deploymentId()))) {
        continue; // another era's, or its deployment is not purged: the purge removes it
      }
      if (n.createdAt() != null && n.createdAt().plus(orphanGrace).isAfter(now)) {
        continue;
      }
      actions.add(new Action(Kind.REMOVE_ORPHAN_NETWORK, n.deploymentId(), n.networkId(), n.name(),
          "no record of deployment " + n.deploymentId() + " that is not purged"));
    }
    for (Route r : routes) {
      if (r.status() == null || !r.status().mayHoldRoute()) {
        actions.add(new Action(Kind.REMOVE_STALE_ROUTE, r.deploymentId(), null, r.name(),
            r.status() == null ? "no record of deployment " + r.deploymentId() : "its deployment is " + r.status()));
      }
    }
    return new SweepPlan(List.copyOf(actions));
  }

  public long count(Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).count();
  }
}
