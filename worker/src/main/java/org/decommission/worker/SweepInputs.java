package org.decommission.worker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.decommission.activities.DaemonThreads;
import org.decommission.activities.docker.DockerInventory;
import org.decommission.activities.store.SweepStore;
import org.decommission.domain.Labels;
import org.decommission.domain.SweepPlan;

/**
 * What one sweep of a host reads: our containers and networks (Docker), the host's records (the
 * database), the running lifecycle workflows (the engine) and our routes (the proxy). The four
 * are read side by side: each waits on another process, and a sweep of 10,000 records and 1,000
 * containers spent most of its time waiting on them one after the other. Docker's list is the
 * longest; the others finish behind it.
 */
final class SweepInputs {
  /**
   * What was read. {@code unreadable} names the first source (Docker, then the database, then
   * the engine) that could not be read, and then the sweep must change nothing; routes that could
   * not be read are only reported ({@code routesError}), as none.
   */
  record Read(
      List<SweepPlan.Container> containers, List<SweepPlan.Network> networks, List<SweepPlan.Record> records, Set<String> withWorkflow,
      List<SweepPlan.Route> routes, String unreadable, String routesError) {}

  private final SweepStore sweeps;
  private final LifecycleClient lifecycle;
  private final StaleRoutes routes;
  /** This installation's id: another's containers on a shared host are never looked at. */
  private final String installation;
  /** Threads for the reads; a sweep runs once a minute per host, so they are made when needed. */
  private final ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.named("sweep-read"));

  SweepInputs(SweepStore sweeps, LifecycleClient lifecycle, StaleRoutes routes, String installation) {
    this.sweeps = sweeps;
    this.lifecycle = lifecycle;
    this.routes = routes;
    this.installation = installation;
  }

  Read read(DockerClient docker, String host) {
    if (docker == null) {
      return new Read(List.of(), List.of(), List.of(), Set.of(), List.of(),
          "Docker host " + host + " could not be read: host " + host + " is not configured on this worker", null);
    }
    CompletableFuture<List<SweepPlan.Container>> containers = async(() -> ours(docker, host));
    CompletableFuture<List<SweepPlan.Network>> networks = async(() -> ourNetworks(docker, host));
    CompletableFuture<List<SweepPlan.Record>> records = async(() -> sweeps.sweepRecords(host));
    CompletableFuture<Set<String>> withWorkflow = async(lifecycle::runningDeploymentIds);
    CompletableFuture<List<SweepPlan.Route>> ourRoutes = async(routes::read);
    String unreadable = failure(containers, "Docker host " + host + " could not be read: ");
    if (unreadable == null) {
      unreadable = failure(networks, "Docker host " + host + " could not be read: ");
    }
    if (unreadable == null) {
      unreadable = failure(records, "the database could not be read: ");
    }
    if (unreadable == null) {
      unreadable = failure(withWorkflow, "the Temporal engine could not be read: ");
    }
    String routesError = failure(ourRoutes, "the routes could not be read, none was swept: ");
    if (unreadable != null) {
      return new Read(List.of(), List.of(), List.of(), Set.of(), List.of(), unreadable, routesError);
    }
    return new Read(containers.join(), networks.join(), records.join(), withWorkflow.join(), routesError == null ? ourRoutes.join() : List.of(),
        null, routesError);
  }

  private <T> CompletableFuture<T> async(Supplier<T> read) {
    long t0 = System.nanoTime();
    Throwable where = new Throwable();
    return CompletableFuture.supplyAsync(() -> { long a = System.nanoTime(); T r = read.get(); System.out.printf("[prof] %s queued %d ms, took %d ms%n", where.getStackTrace()[1].getLineNumber(), (a - t0) / 1000000, (System.nanoTime() - a) / 1000000); return r; }, pool);
  }

  /** Waits for the read; its failure as {@code prefix} and the message, or null when it succeeded. */
  private static String failure(CompletableFuture<?> read, String prefix) {
    try {
      read.join();
      return null;
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return prefix + cause.getMessage();
    }
  }

  /**
   * Our containers on this host, and only those: the label filter is the one way in, and another
   * installation's are left out. Those made before the installation label are kept, marked
   * unclaimed: they are followed when our database knows them, and never removed as orphans.
   */
  private List<SweepPlan.Container> ours(DockerClient docker, String host) {
    List<SweepPlan.Container> result = new ArrayList<>();
    for (Container c : DockerInventory.hostContainers(docker, host)) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      Labels.Claim claim = Labels.claim(labels, installation);
      if (claim == Labels.Claim.FOREIGN) {
        continue;
      }
      result.add(new SweepPlan.Container(
          c.getId(), DockerInventory.name(c), labels.get(Labels.DEPLOYMENT_ID), Labels.revision(labels),
          "running".equals(c.getState()), c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()),
          claim == Labels.Claim.OURS));
    }
    return result;
  }

  /** Our networks on this host; another installation's are left out, as for containers. */
  private List<SweepPlan.Network> ourNetworks(DockerClient docker, String host) {
    List<SweepPlan.Network> result = new ArrayList<>();
    for (Network n : DockerInventory.hostNetworks(docker, host)) {
      Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
      Labels.Claim claim = Labels.claim(labels, installation);
      if (claim != Labels.Claim.FOREIGN) {
        result.add(new SweepPlan.Network(n.getId(), n.getName(), labels.get(Labels.DEPLOYMENT_ID),
            n.getCreated() == null ? null : n.getCreated().toInstant(), claim == Labels.Claim.OURS));
      }
    }
    return result;
  }
}
