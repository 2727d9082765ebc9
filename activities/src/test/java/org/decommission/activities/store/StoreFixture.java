package org.decommission.activities.store;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentSpec;
import org.decommission.testsupport.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/** The stores on the test PostgreSQL, and deployments made for a test on a host of its own. */
class StoreFixture {
  final DataSource dataSource = TestPostgres.dataSource();
  final DeploymentStore deployments = new DeploymentStore(dataSource);
  final ReplicaRows replicas = new ReplicaRows(dataSource);
  final RevisionStore revisions = new RevisionStore(dataSource);
  final PortAllocations ports = new PortAllocations(dataSource);
  final ReceiptStore receipts = new ReceiptStore(dataSource);
  final KeptFailures kept = new KeptFailures(dataSource);
  final HistoryStore history = new HistoryStore(dataSource);
  final DeploymentQueries queries = new DeploymentQueries(dataSource);
  final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
  final String host = "h" + Long.toHexString(System.nanoTime());

  DeploymentSpec spec(String name, int replicas) {
    return new DeploymentSpec(
        name, "app:1", replicas, List.of(), null, "host",
        List.of(new DeploymentSpec.PortSpec("http", 8080), new DeploymentSpec.PortSpec("admin", 9000)),
        List.of(new DeploymentSpec.VolumeSpec("data", "/data", null)),
        null, null, host);
  }

  UUID create(String name, int replicas) {
    return create(spec(name, replicas));
  }

  UUID create(DeploymentSpec spec) {
    UUID id = UUID.randomUUID();
    deployments.create(id, "alice", spec, "alice");
    return id;
  }

  /** Allocates the ports of the deployment's revision from the pool {@code low}-{@code high}. */
  List<org.decommission.domain.PortAssignment> allocate(UUID id, int revision, String attempt, int low, int high) {
    return ports.allocate(revisions.loadRevision(id, revision), attempt, low, high);
  }

  static String unique(String base) {
    return base + "-" + Long.toHexString(System.nanoTime());
  }

  static DeploymentSpec withImage(DeploymentSpec s, String image) {
    return new DeploymentSpec(s.name(), image, s.replicas(), s.command(), s.env(), s.network(), s.ports(), s.volumes(),
        s.healthCheck(), s.route(), s.host());
  }
}
