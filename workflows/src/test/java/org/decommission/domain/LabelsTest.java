package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Covers the ownership labels put on containers and volumes, and the managed-objects filter. */
class LabelsTest {

  private static final String ID = "3f2a9c1e-7b4d-4e6f-8a90-123456789abc";

  @Test
  void sharedVolumeLabelsCarryNoDeploymentId() {
    assertThat(Labels.sharedVolume("local", "alice@example.com"))
        .doesNotContainKey(Labels.DEPLOYMENT_ID)
        .containsEntry(Labels.OWNER, "alice@example.com")
        .containsEntry("decommission.managed", "true")
        .containsEntry("decommission.host", "local")
        .containsEntry("decommission.scope", "shared");
  }

  @Test
  void scopedVolumeLabelsCarryTheDeploymentId() {
    assertThat(Labels.scopedVolume(ID, 4, "edge-1", "a-1"))
        .containsEntry("decommission.attempt", "a-1")
        .containsEntry("decommission.managed", "true")
        .containsEntry("decommission.deployment_id", ID)
        .containsEntry("decommission.revision", "4")
        .containsEntry("decommission.host", "edge-1")
        .containsEntry("decommission.scope", "deployment");
  }

  @Test
  void containerLabelsCarryReplicaAndNoScope() {
    assertThat(Labels.container(ID, 2, "local", 5))
        .containsEntry("decommission.managed", "true")
        .containsEntry("decommission.deployment_id", ID)
        .containsEntry("decommission.revision", "2")
        .containsEntry("decommission.host", "local")
        .containsEntry("decommission.replica", "5")
        .doesNotContainKey(Labels.SCOPE);
  }

  @Test
  void managedFilterSelectsManagedObjects() {
    assertThat(Labels.managedFilter()).isEqualTo("decommission.managed=true");
  }
}
