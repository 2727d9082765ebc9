package org.decommission.api.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.List;
import java.util.stream.IntStream;
import org.decommission.api.ApiException;
import org.decommission.api.auth.Caller;
import org.junit.jupiter.api.Test;

class BulkDeleterTest {
  @Test
  void everyIdIsDeletedOnItsOwnAndTheResultsKeepTheRequestsOrder() {
    DeploymentService service = mock(DeploymentService.class);
    Caller alice = new Caller("alice", false);
    doThrow(ApiException.notFound("id-3")).when(service).delete(eq(alice), eq("id-3"), any(), any(), any());
    doThrow(ApiException.conflict("Already deleted", "id-7 is DELETED")).when(service).delete(eq(alice), eq("id-7"), any(), any(), any());
    List<String> ids = IntStream.range(0, 40).mapToObj(i -> "id-" + i).toList();
    try (BulkDeleter bulk = new BulkDeleter(service)) {
      List<BulkDeleter.Result> results = bulk.delete(alice, ids, "tidy up");
      assertThat(results).extracting(BulkDeleter.Result::id).containsExactlyElementsOf(ids);
      assertThat(results.get(3).status()).isEqualTo(404);
      assertThat(results.get(7).status()).isEqualTo(409);
      assertThat(results.get(7).title()).isEqualTo("Already deleted");
      assertThat(results).filteredOn(r -> r.status() == 202).hasSize(38);
    }
    for (String id : ids) {
      verify(service).delete(alice, id, null, "tidy up", null);
    }
  }
}
