package org.decommission.api.deployment;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.decommission.activities.files.Snapshots;
import org.decommission.api.ApiException;
import org.decommission.api.auth.Caller;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A deployment's volume snapshots, as its owner (or an admin) sees them: the list, and each
 * archive as a tar.gz download. They are the files under this process's data dir.
 */
@RestController
@RequestMapping("/api/deployments/{id}/snapshots")
class SnapshotController {
  private final DeploymentService deployments;
  private final Snapshots snapshots;
  private final Duration retention;

  SnapshotController(DeploymentService deployments, Snapshots snapshots, org.decommission.worker.DecommissionProperties properties) {
    this.deployments = deployments;
    this.snapshots = snapshots;
    this.retention = properties.snapshots().retention();
  }

  record Listed(String volume, long bytes, java.time.Instant createdAt, java.time.Instant expiresAt, String download) {}

  record Listing(String deploymentId, String retention, List<Listed> snapshots) {}

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  Listing list(Authentication auth, @PathVariable String id) {
    UUID uuid = UUID.fromString(deployments.visible(Caller.of(auth), id).id());
    return new Listing(uuid.toString(), retention.toString(), snapshots.list(uuid).stream()
        .map(s -> new Listed(s.volume(), s.bytes(), s.createdAt(), s.expiresAt(), "/api/deployments/" + uuid + "/snapshots/" + s.volume()))
        .toList());
  }

  @GetMapping(path = "/{volume}", produces = {"application/gzip", MediaType.APPLICATION_JSON_VALUE})
  ResponseEntity<Resource> download(Authentication auth, @PathVariable String id, @PathVariable String volume) {
    UUID uuid = UUID.fromString(deployments.visible(Caller.of(auth), id).id());
    var archive = snapshots.find(uuid, volume).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "No snapshot",
        "deployment " + id + " has no snapshot of volume " + volume + "; GET /api/deployments/" + id + "/snapshots lists those it has"
            + " (a SNAPSHOT purge writes them; they are kept for " + retention + ")"));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/gzip"))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(volume + ".tar.gz").build().toString())
        .body(new FileSystemResource(archive));
  }
}
