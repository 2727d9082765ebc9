package org.decommission.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What the purge does with each volume of a deployment, by its {@code onDelete} policy, or keeps
 * all of them when the purge was asked to keep data. Pure code, shared by the workflow (which
 * does it) and the deletion plan (which shows it).
 *
 * @param remove volumes to remove
 * @param snapshot volumes to archive, then remove
 * @param retain volumes left in place, with why
 */
public record VolumePurge(List<String> remove, List<String> snapshot, List<Retained> retain) {

  /** Why a shared volume is never removed by a deployment's purge. */
  public static final String SHARED_REASON = "shared volumes outlive any one deployment";

  /** A volume the purge leaves in place, and why. */
  public record Retained(String name, String reason) {}

  /** @param owner whose deployment it is (its shared volumes are named for the owner) */
  public static VolumePurge of(String deploymentId, String owner, DeploymentSpec spec, boolean keepData) {
    List<String> remove = new ArrayList<>();
    List<String> snapshot = new ArrayList<>();
    List<Retained> retain = new ArrayList<>();
    for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
      for (String name : Naming.volumeNames(deploymentId, owner, v, spec.replicaCount())) {
        if (v.scopeOrDefault() == DeploymentSpec.VolumeScope.SHARED) {
          retain.add(new Retained(name, SHARED_REASON));
        } else if (keepData) {
          retain.add(new Retained(name, "kept: the purge was asked to keep data (keepData=true); released from the deployment"));
        } else {
          switch (v.onDeleteOrDefault()) {
            case DELETE -> remove.add(name);
            case SNAPSHOT -> snapshot.add(name);
            case RETAIN -> retain.add(new Retained(name, "kept by its onDelete policy RETAIN; released from the deployment"));
          }
        }
      }
    }
    return new VolumePurge(List.copyOf(remove), List.copyOf(snapshot), List.copyOf(retain));
  }

  /** Whether the volume is kept in place. */
  public boolean retains(String name) {
    return retain.stream().anyMatch(r -> r.name().equals(name));
  }
}
