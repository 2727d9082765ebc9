package org.decommission.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Container;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.VolumePurge;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.decommission.workflow.DockerActivities;
import org.decommission.workflow.FailureTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Docker activities against the real daemon, called directly (no engine). */
class DockerActivitiesIT {
  static final String INSTALLATION = "it-installation";
  static final String OWNER = "alice";
  TestDocker docker;
  DockerActivitiesImpl activities;
  String id;

  Path dataDir;

  @BeforeEach
  void setUp() throws Exception {
    dataDir = Files.createTempDirectory("dcm-docker-it");
    docker = new TestDocker();
    activities = new DockerActivitiesImpl("local", docker.client(), Duration.ofSeconds(1), dataDir, INSTALLATION, "127.0.0.1");
    id = UUID.randomUUID().toString();
    docker.track(id);
  }

  @AfterEach
  void tearDown() throws Exception {
    activities.close();
    docker.close();
  }

  DeploymentSpec spec(List<String> command, String sharedVolume) {
    return new DeploymentSpec(
        "web", TestDocker.IMAGE, 2, command, null, "host",
        List.of(new DeploymentSpec.PortSpec("http", 8080)),
        List.of(
            new DeploymentSpec.VolumeSpec("data", "/data", null),
            new DeploymentSpec.VolumeSpec("state", "/state", DeploymentSpec.VolumeScope.REPLICA),
            new DeploymentSpec.VolumeSpec(sharedVolume, "/cache", DeploymentSpec.VolumeScope.SHARED)),
        null, null, null);
  }

  ContainerPlan plan(DeploymentSpec spec, List<PortAssignment> ports) throws Exception {
    Path workdir = Files.createTempDirectory("dcm-work");
    return ContainerPlan.of(id, OWNER, "local", 1, spec, ports, workdir.toString(), spec.hostNetwork() ? null : Naming.networkName(id));
  }

  List<PortAssignment> freePorts() {
    return List.of(new PortAssignment(0, "http", Ports.free()), new PortAssignment(1, "http", Ports.free()));
  }

  @Test
  void createsLabelledObjectsIdempotentlyAndServes() throws Exception {
    String shared = "it-shared-" + docker.runId();
    docker.trackSharedVolume(shared);
    DeploymentSpec spec = spec(List.of(), shared);
    List<PortAssignment> ports = freePorts();

    activities.createVolumes(id, 1, "attempt-1", 2, spec.volumes(), OWNER);
    activities.createVolumes(id, 1, "attempt-1", 2, spec.volumes(), OWNER);
    List<ReplicaInfo> first = activities.createContainers(plan(spec, ports));
    List<ReplicaInfo> again = activities.createContainers(plan(spec, ports));
    assertThat(again).extracting(ReplicaInfo::containerId).containsExactlyInAnyOrderElementsOf(first.stream().map(ReplicaInfo::containerId).toList());

    List<Container> containers = docker.containersOf(id);
    assertThat(containers).hasSize(2).allSatisfy(c -> {
      assertThat(c.getLabels()).containsEntry(Labels.MANAGED, "true").containsEntry(Labels.DEPLOYMENT_ID, id)
          .containsEntry(Labels.REVISION, "1").containsEntry(Labels.HOST, "local").containsEntry(Labels.INSTALLATION, INSTALLATION);
    });
    assertThat(docker.volumesOf(id)).allSatisfy(v ->
        assertThat(docker.client().inspectVolumeCmd(v).exec().getLabels()).containsEntry(Labels.INSTALLATION, INSTALLATION));
    String state = Naming.scopedVolumeName(id, "state");
    assertThat(docker.volumesOf(id)).containsExactlyInAnyOrder(Naming.scopedVolumeName(id, "data"), state + "-0", state + "-1");
    for (Container c : containers) {
      String replica = c.getLabels().get(Labels.REPLICA);
      var mounts = docker.client().inspectContainerCmd(c.getId()).exec().getMounts();
      assertThat(mounts).extracting(m -> m.getName()).contains(state + "-" + replica).doesNotContain(state + "-" + (1 - Integer.parseInt(replica)));
    }
    var sharedLabels = docker.client().inspectVolumeCmd(Naming.sharedVolumeName(OWNER, shared)).exec().getLabels();
    assertThat(sharedLabels).containsEntry(Labels.SCOPE, "shared").doesNotContainKey(Labels.DEPLOYMENT_ID);

    activities.startContainers(id, 1);
    activities.startContainers(id, 1);
    new org.decommission.activities.health.HealthActivitiesImpl("127.0.0.1").awaitHealthy(new org.decommission.workflow.HealthActivities.HealthProbe(
        id, DeploymentSpec.HealthCheckType.HTTP, ports.stream().map(PortAssignment::hostPort).toList(), "/", 20));
    assertThat(docker.containersOf(id)).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
  }

  @Test
  void stopKillsAfterTheGraceAndRemovalReportsEveryContainer() throws Exception {
    String shared = "it-shared-" + docker.runId();
    docker.trackSharedVolume(shared);
    // The shell ignores SIGTERM and exec keeps it ignored, so only the kill after the grace stops it.
    DeploymentSpec spec = spec(List.of("sh", "-c", "trap '' TERM; exec httpd -f -p $PORT -h /www"), shared);
    activities.createVolumes(id, 1, "attempt-1", 2, spec.volumes(), OWNER);
    activities.createContainers(plan(spec, freePorts()));
    activities.startContainers(id, 1);

    long started = System.nanoTime();
    assertThat(activities.stopContainers(id, null)).isEqualTo(2);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(10));
    assertThat(docker.containersOf(id)).allSatisfy(c -> assertThat(c.getState()).isEqualTo("exited"));
    assertThat(activities.stopContainers(id, null)).isZero();

    List<ArtifactOutcome> removed = activities.removeContainers(id);
    assertThat(removed).hasSize(2).allSatisfy(o -> {
      assertThat(o.kind()).isEqualTo(ArtifactOutcome.Kind.CONTAINER);
      assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED);
    });
    assertThat(activities.removeContainers(id)).isEmpty();
    assertThat(docker.containersOf(id)).isEmpty();

    List<ArtifactOutcome> volumes = activities.purgeVolumes(id, TestDocker.IMAGE, VolumePurge.of(id, OWNER, spec, false));
    assertThat(volumes).extracting(ArtifactOutcome::name).containsExactlyInAnyOrder(
        Naming.scopedVolumeName(id, "data"), Naming.scopedVolumeName(id, "state") + "-0", Naming.scopedVolumeName(id, "state") + "-1");
    assertThat(docker.volumeExists(Naming.sharedVolumeName(OWNER, shared))).as("shared volumes survive").isTrue();
  }

  @Test
  void neverTouchesObjectsThatAreNotTheDeployments() throws Exception {
    String shared = "it-shared-" + docker.runId();
    docker.trackSharedVolume(shared);
    DeploymentSpec spec = spec(List.of(), shared);
    ContainerPlan plan = plan(spec, freePorts());
    // A foreign container that happens to carry the name our first replica would get.
    String decoy = docker.client().createContainerCmd(TestDocker.IMAGE)
        .withName(plan.replicas().get(0).name()).withLabels(docker.testLabels()).exec().getId();
    docker.trackContainer(decoy);
    // A labelled container of another deployment.
    String other = UUID.randomUUID().toString();
    docker.track(other);
    String neighbour = docker.client().createContainerCmd(TestDocker.IMAGE)
        .withName("dcm-neighbour-" + docker.runId())
        .withLabels(java.util.Map.of(Labels.MANAGED, "true", Labels.DEPLOYMENT_ID, other, TestDocker.TEST_LABEL, docker.runId()))
        .exec().getId();
    // A foreign volume with the name our scoped volume would get.
    String volume = Naming.scopedVolumeName(id, "data");
    docker.client().createVolumeCmd().withName(volume).withLabels(docker.testLabels()).exec();
    docker.trackVolume(volume);

    assertThatThrownBy(() -> activities.createVolumes(id, 1, "attempt-1", 2, spec.volumes(), OWNER))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getType()).isEqualTo(FailureTypes.NAME_CONFLICT);
        });
    assertThatThrownBy(() -> activities.createContainers(plan))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.NAME_CONFLICT));
    // Without the volume decoy in the way, the container decoy still stops the creation.
    DeploymentSpec noData = new DeploymentSpec(spec.name(), spec.image(), spec.replicas(), spec.command(), spec.env(),
        spec.network(), spec.ports(), spec.volumes().subList(1, 3), null, null, null);
    ContainerPlan planNoData = plan(noData, freePorts());
    activities.createVolumes(id, 1, "attempt-1", 2, noData.volumes(), OWNER);
    assertThatThrownBy(() -> activities.createContainers(planNoData))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.NAME_CONFLICT);
          assertThat(f.isNonRetryable()).isTrue();
        })
        .hasMessageContaining("not this deployment's");

    activities.stopContainers(id, null);
    activities.removeContainers(id);
    List<ArtifactOutcome> purged = activities.purgeVolumes(id, TestDocker.IMAGE, VolumePurge.of(id, OWNER, spec, false));
    assertThat(purged).filteredOn(o -> o.name().equals(volume)).singleElement()
        .satisfies(o -> assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.FAILED));
    assertThat(docker.volumeExists(Naming.scopedVolumeName(id, "state") + "-1")).as("no volume made on the fly").isFalse();
    assertThat(docker.client().inspectContainerCmd(decoy).exec().getId()).isEqualTo(decoy);
    assertThat(docker.client().inspectContainerCmd(neighbour).exec().getId()).isEqualTo(neighbour);
    assertThat(docker.volumeExists(volume)).isTrue();
  }

  @Test
  void compensationRemovesOnlyTheAttemptsVolumesAndTheRevisionsContainersArchivingTheirOutput() throws Exception {
    String shared = "it-shared-" + docker.runId();
    docker.trackSharedVolume(shared);
    DeploymentSpec spec = spec(List.of("sh", "-c", "echo hello from $PORT; exec httpd -f -p $PORT -h /www"), shared);
    activities.createVolumes(id, 1, "attempt-1", 2, spec.volumes(), OWNER);
    // A later attempt finds the volumes there: they stay the first attempt's.
    activities.createVolumes(id, 2, "attempt-2", 2, spec.volumes(), OWNER);
    assertThat(activities.removeAttemptVolumes(id, "attempt-2")).isEmpty();
    assertThat(docker.volumesOf(id)).hasSize(3);

    activities.createContainers(plan(spec, freePorts()));
    activities.createContainers(ContainerPlan.of(id, OWNER, "local", 2, spec, freePorts(), Files.createTempDirectory("dcm-work").toString(), null));
    activities.startContainers(id, 1);
    activities.startContainers(id, 2);
    List<ArtifactOutcome> removed = activities.removeRevision(id, 2, false);
    assertThat(removed).hasSize(2).allSatisfy(o -> assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED));
    assertThat(docker.containersOf(id)).hasSize(2).allSatisfy(c -> {
      assertThat(c.getLabels()).containsEntry(Labels.REVISION, "1");
      assertThat(c.getState()).isEqualTo("running");
    });
    for (ArtifactOutcome o : removed) {
      Path log = dataDir.resolve("logs").resolve(id).resolve(o.name() + ".log");
      assertThat(log).exists();
      assertThat(Files.readString(log)).contains("hello from");
    }
    assertThat(activities.removeRevision(id, 2, false)).isEmpty();

    // Kept for debugging: stopped, output archived, still there.
    List<ArtifactOutcome> kept = activities.removeRevision(id, 1, true);
    assertThat(kept).hasSize(2).allSatisfy(o -> assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.RETAINED_BY_POLICY));
    assertThat(docker.containersOf(id)).hasSize(2).allSatisfy(c -> assertThat(c.getState()).isEqualTo("exited"));
    assertThat(dataDir.resolve("logs").resolve(id).resolve(kept.get(0).name() + ".log")).exists();
    activities.removeRevision(id, 1, false);
    assertThat(docker.containersOf(id)).isEmpty();
    List<ArtifactOutcome> volumes = activities.removeAttemptVolumes(id, "attempt-1");
    assertThat(volumes).hasSize(3).allSatisfy(o -> assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED));
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.volumeExists(Naming.sharedVolumeName(OWNER, shared))).isTrue();
  }

  @Test
  void aCommandThatCannotRunFailsTheStartForGood() throws Exception {
    String shared = "it-shared-" + docker.runId();
    docker.trackSharedVolume(shared);
    DeploymentSpec spec = spec(List.of("/no/such/program"), shared);
    assertThatThrownBy(() -> activities.startContainers(id, 1))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.CONTAINER_START_FAILED);
          assertThat(f.getOriginalMessage()).contains("no container");
        });
    activities.createVolumes(id, 1, "attempt-1", 2, spec.volumes(), OWNER);
    activities.createContainers(plan(spec, freePorts()));
    assertThatThrownBy(() -> activities.startContainers(id, 1))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.CONTAINER_START_FAILED);
          assertThat(f.getOriginalMessage()).contains("exited with code 127").contains("/no/such/program");
        });
  }

  @Test
  void containersAreNeverCreatedOnVolumesThatAreNotThere() throws Exception {
    String shared = "it-shared-" + docker.runId();
    DeploymentSpec spec = spec(List.of(), shared);
    // CREATE_VOLUMES did not run: Docker would make the volumes on the fly, unlabelled.
    assertThatThrownBy(() -> activities.createContainers(plan(spec, freePorts())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.VOLUME_MISSING));
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(docker.volumeExists(Naming.scopedVolumeName(id, "state") + "-1")).isFalse();
    assertThat(docker.volumeExists(Naming.scopedVolumeName(id, "data"))).isFalse();
    assertThat(docker.volumeExists(Naming.sharedVolumeName(OWNER, shared))).isFalse();
  }

  /** The images a snapshot's helper must cope with: the test image, one with no command, one with an entrypoint of its own. */
  enum HelperImage {
    WITH_CMD(null),
    NO_CMD(""),
    ENTRYPOINT("--change=ENTRYPOINT [\"/bin/false\"]");

    final String change;

    HelperImage(String change) {
      this.change = change;
    }
  }

  /** The test image's file system imported again as {@code kind} says; the test image itself for WITH_CMD. */
  String image(HelperImage kind) throws Exception {
    if (kind.change == null) {
      return TestDocker.IMAGE;
    }
    String name = "decommission/testapp-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ":" + docker.runId();
    docker.trackImage(name);
    String source = docker.client().createContainerCmd(TestDocker.IMAGE).withLabels(docker.testLabels()).exec().getId();
    docker.trackContainer(source);
    String script = "docker export " + source + " | docker import " + (kind.change.isEmpty() ? "" : "'" + kind.change + "' ") + "- " + name;
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    var config = docker.client().inspectImageCmd(name).exec().getConfig();
    assertThat(config.getCmd()).as("no command").isNullOrEmpty();
    return name;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(HelperImage.class)
  void thePurgeArchivesSnapshotVolumesKeepsRetainedOnesAndRemovesTheRest(HelperImage helperImage) throws Exception {
    String image = image(helperImage);
    DeploymentSpec spec = new DeploymentSpec("web", TestDocker.IMAGE, 1, List.of(), null, "host",
        List.of(new DeploymentSpec.PortSpec("http", 8080)),
        List.of(
            new DeploymentSpec.VolumeSpec("data", "/data", null, DeploymentSpec.VolumeDeletePolicy.SNAPSHOT),
            new DeploymentSpec.VolumeSpec("keep", "/keep", null, DeploymentSpec.VolumeDeletePolicy.RETAIN),
            new DeploymentSpec.VolumeSpec("scratch", "/scratch", null)),
        null, null, null);
    activities.createVolumes(id, 1, "attempt-1", 1, spec.volumes(), OWNER);
    String data = Naming.scopedVolumeName(id, "data");
    String keep = Naming.scopedVolumeName(id, "keep");
    String scratch = Naming.scopedVolumeName(id, "scratch");
    docker.trackVolume(keep);
    // Write into the volume as a replica would.
    String writer = docker.client().createContainerCmd(TestDocker.IMAGE).withLabels(docker.testLabels())
        .withCmd("sh", "-c", "echo precious > /data/notes.txt && mkdir -p /data/sub && echo deep > /data/sub/more.txt")
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withMounts(List.of(
            new com.github.dockerjava.api.model.Mount().withType(com.github.dockerjava.api.model.MountType.VOLUME).withSource(data).withTarget("/data"))))
        .exec().getId();
    docker.trackContainer(writer);
    docker.client().startContainerCmd(writer).exec();
    docker.client().waitContainerCmd(writer).start().awaitStatusCode(30, java.util.concurrent.TimeUnit.SECONDS);
    docker.client().removeContainerCmd(writer).exec();

    VolumePurge plan = VolumePurge.of(id, OWNER, spec, false);
    assertThat(plan.snapshot()).containsExactly(data);
    assertThat(plan.remove()).containsExactly(scratch);
    assertThat(plan.retains(keep)).isTrue();
    List<ArtifactOutcome> lines = activities.purgeVolumes(id, image, plan);

    Path archive = dataDir.resolve("snapshots").resolve(id).resolve(data + ".tar.gz");
    assertThat(lines).filteredOn(o -> o.name().equals(data)).singleElement().satisfies(o -> {
      assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.SNAPSHOTTED);
      assertThat(o.detail()).contains(archive.toString());
    });
    assertThat(lines).filteredOn(o -> o.name().equals(scratch)).singleElement()
        .satisfies(o -> assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED));
    assertThat(lines).extracting(ArtifactOutcome::name).doesNotContain(keep);
    assertThat(docker.volumeExists(data)).isFalse();
    assertThat(docker.volumeExists(scratch)).isFalse();
    assertThat(docker.volumeExists(keep)).as("retained").isTrue();
    assertThat(docker.containersOf(id)).as("no helper container left").isEmpty();

    java.util.Map<String, String> files = new java.util.HashMap<>();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.util.zip.GZIPInputStream(Files.newInputStream(archive)))) {
      for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (!entry.isDirectory()) {
          files.put(entry.getName().replaceFirst("^\\./", ""), new String(tar.readAllBytes()).trim());
        }
      }
    }
    assertThat(files).containsEntry("notes.txt", "precious").containsEntry("sub/more.txt", "deep");

    // Idempotent: a retry after the volume is gone keeps the archive and says so.
    assertThat(activities.purgeVolumes(id, image, plan)).filteredOn(o -> o.name().equals(data)).singleElement()
        .satisfies(o -> assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.SNAPSHOTTED));
    assertThat(VolumePurge.of(id, OWNER, spec, true).retain()).hasSize(3);
  }

  @Test
  void aSnapshotThatCannotBeWrittenFailsItsStepAndKeepsTheVolume() throws Exception {
    DeploymentSpec spec = new DeploymentSpec("web", TestDocker.IMAGE, 1, List.of(), null, "host",
        List.of(new DeploymentSpec.PortSpec("http", 8080)),
        List.of(new DeploymentSpec.VolumeSpec("data", "/data", null, DeploymentSpec.VolumeDeletePolicy.SNAPSHOT)), null, null, null);
    activities.createVolumes(id, 1, "attempt-1", 1, spec.volumes(), OWNER);
    String data = Naming.scopedVolumeName(id, "data");
    try (DockerActivitiesImpl full = new DockerActivitiesImpl("local", docker.client(), Duration.ofSeconds(1), dataDir, INSTALLATION, "127.0.0.1",
        ImageSettings.plain(), new org.decommission.activities.files.Snapshots(dataDir, Duration.ofDays(30), Long.MAX_VALUE / 2))) {
      assertThatThrownBy(() -> full.purgeVolumes(id, TestDocker.IMAGE, VolumePurge.of(id, OWNER, spec, false)))
          .hasMessageContaining("decommission.snapshots.min-free");
    }
    assertThat(docker.volumeExists(data)).as("not removed without its snapshot").isTrue();
    assertThat(dataDir.resolve("snapshots").resolve(id).resolve(data + ".tar.gz")).doesNotExist();
    assertThat(docker.containersOf(id)).as("no helper container left").isEmpty();
  }

  @Test
  void aLocalImageIsUsedAsItIsAndAnUnpullableOneFailsFast() {
    assertThat(activities.ensureImage(id, TestDocker.IMAGE)).isFalse();
    assertThatThrownBy(() -> activities.ensureImage(id, "decommission/absent:never"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.IMAGE_NOT_FOUND);
          assertThat(f.isNonRetryable()).isTrue();
        })
        .hasMessageContaining("decommission/absent:never");
  }

  @Test
  void anUnhealthyReplicaFailsTheHealthCheckWithWhatWasWrong() {
    int port = Ports.free();
    assertThatThrownBy(() -> new org.decommission.activities.health.HealthActivitiesImpl("127.0.0.1").awaitHealthy(new org.decommission.workflow.HealthActivities.HealthProbe(
            id, DeploymentSpec.HealthCheckType.TCP, List.of(port), "/", 1)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.HEALTH_CHECK_FAILED))
        .hasMessageContaining("127.0.0.1:" + port);
  }

  /**
   * A stock image listens on one fixed port: on the deployment's own network two replicas both
   * listen on 8080, each published on its own host port on 127.0.0.1, with no privileges to gain.
   */
  @Test
  void replicasOnTheirOwnNetworkShareAContainerPortAndArePublishedOnTheirHostPorts() throws Exception {
    DeploymentSpec spec = new DeploymentSpec("web", TestDocker.IMAGE, 2, List.of("httpd", "-f", "-p", "8080", "-h", "/www"), null, null,
        List.of(new DeploymentSpec.PortSpec("http", 8080)), List.of(), null, null, null);
    assertThat(activities.createNetwork(id, "attempt-1")).isEqualTo(Naming.networkName(id));
    assertThat(activities.createNetwork(id, "attempt-2")).as("idempotent").isEqualTo(Naming.networkName(id));
    var network = DockerInventory.network(docker.client(), Naming.networkName(id)).orElseThrow();
    assertThat(network.getDriver()).isEqualTo("bridge");
    assertThat(network.getLabels()).containsEntry(Labels.MANAGED, "true").containsEntry(Labels.DEPLOYMENT_ID, id)
        .containsEntry(Labels.INSTALLATION, INSTALLATION).containsEntry(Labels.ATTEMPT, "attempt-1");

    List<PortAssignment> ports = freePorts();
    activities.createContainers(plan(spec, ports));
    activities.startContainers(id, 1);
    new org.decommission.activities.health.HealthActivitiesImpl("127.0.0.1").awaitHealthy(new org.decommission.workflow.HealthActivities.HealthProbe(
        id, DeploymentSpec.HealthCheckType.HTTP, ports.stream().map(PortAssignment::hostPort).toList(), "/", 20));
    for (Container c : docker.containersOf(id)) {
      var inspected = docker.client().inspectContainerCmd(c.getId()).exec();
      assertThat(inspected.getHostConfig().getNetworkMode()).isEqualTo(Naming.networkName(id));
      assertThat(inspected.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
      assertThat(inspected.getHostConfig().getCapDrop()).contains(com.github.dockerjava.api.model.Capability.NET_RAW);
      var bindings = inspected.getHostConfig().getPortBindings().getBindings()
          .get(com.github.dockerjava.api.model.ExposedPort.tcp(8080));
      assertThat(bindings).singleElement().satisfies(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
      assertThat(inspected.getConfig().getEnv()).contains("PORT=8080");
    }

    assertThat(activities.removeAttemptNetwork(id, "attempt-2").outcome())
        .as("an attempt that found the network there leaves it").isEqualTo(ArtifactOutcome.Outcome.RETAINED_BY_POLICY);
    ArtifactOutcome inUse = activities.removeNetwork(id);
    assertThat(inUse.outcome()).isEqualTo(ArtifactOutcome.Outcome.FAILED);
    assertThat(inUse.detail()).contains("still in use").contains("active endpoints");
    activities.removeContainers(id);
    assertThat(activities.removeNetwork(id)).satisfies(o -> {
      assertThat(o.kind()).isEqualTo(ArtifactOutcome.Kind.NETWORK);
      assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED);
    });
    assertThat(activities.removeNetwork(id).outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE);
    assertThat(activities.removeAttemptNetwork(id, "attempt-1").outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE);
  }

  /** A network of our name that is not this deployment's is never used, nor removed. */
  @Test
  void aNetworkOfOurNameThatIsNotOursIsANameConflictAndIsLeftAlone() {
    String name = Naming.networkName(id);
    docker.client().createNetworkCmd().withName(name).withLabels(docker.testLabels()).exec();
    docker.trackNetwork(name);
    assertThatThrownBy(() -> activities.createNetwork(id, "attempt-1"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.NAME_CONFLICT));
    assertThat(activities.removeNetwork(id).outcome()).isEqualTo(ArtifactOutcome.Outcome.FAILED);
    assertThat(DockerInventory.network(docker.client(), name)).isPresent();
  }

  /** Another installation on the same host made a shared volume of this name: it is not ours to use. */
  @Test
  void aSharedVolumeOfAnotherInstallationIsANameConflict() {
    String shared = "it-shared-" + docker.runId();
    String name = Naming.sharedVolumeName(OWNER, shared);
    java.util.Map<String, String> labels = new java.util.HashMap<>(docker.testLabels());
    labels.putAll(Labels.stamped(Labels.sharedVolume("local", OWNER), "another-installation"));
    docker.client().createVolumeCmd().withName(name).withLabels(labels).exec();
    docker.trackVolume(name);
    assertThatThrownBy(() -> activities.createVolumes(id, 1, "attempt-1", 2, spec(List.of(), shared).volumes(), OWNER))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.NAME_CONFLICT));
  }
}
