package org.decommission.api.deployment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.function.Supplier;
import org.decommission.api.ApiException;
import org.decommission.api.auth.TokenKeys;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.domain.SpecValidator;
import org.decommission.workflow.LifecycleAck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The HTTP contract of the deployments API with the service mocked: each status code, each as a
 * problem document, and that a rejected request reaches no service.
 */
@WebMvcTest(controllers = DeploymentController.class)
@org.springframework.context.annotation.Import(org.decommission.api.auth.SecurityConfiguration.class)
class DeploymentControllerTest {
  static final String ID = "0f8b3c1e-2a44-4c51-9f0e-6d3b2a1c9e77";
  static final String SPEC = "{\"name\": \"web\", \"image\": \"nginx:1.27\"}";

  @Autowired MockMvc mvc;
  @MockitoBean DeploymentService service;
  @MockitoBean BulkDeleter bulk;
  @MockitoBean Idempotency idempotency;
  @MockitoBean TokenKeys tokenKeys;
  @MockitoBean JwtDecoder jwtDecoder;

  @BeforeEach
  void idempotencyPassesThrough() {
    when(idempotency.once(any(), any(), any(), any())).thenAnswer(inv -> ((Supplier<?>) inv.getArgument(3)).get());
  }

  static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request) {
    return request.with(jwt().jwt(j -> j.subject("alice")));
  }

  @Test
  void createAnswers202WithLocation() throws Exception {
    when(service.create(any(), any())).thenReturn(new DeploymentService.Created(ID, "deployment-" + ID, DeploymentStatus.CREATING));
    mvc.perform(as(post("/api/deployments")).contentType(MediaType.APPLICATION_JSON).content(SPEC))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/deployments/" + ID))
        .andExpect(jsonPath("$.workflowId").value("deployment-" + ID));
  }

  @Test
  void anInvalidSpecIs400WithEveryBadField() throws Exception {
    when(service.create(any(), any())).thenThrow(new ApiException(HttpStatus.BAD_REQUEST, "Invalid deployment spec", "2 field(s) are invalid",
        List.of(new SpecValidator.FieldError("name", "bad"), new SpecValidator.FieldError("replicas", "bad"))));
    mvc.perform(as(post("/api/deployments")).contentType(MediaType.APPLICATION_JSON).content(SPEC))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("/problems/bad-request"))
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.errors[1].field").value("replicas"));
  }

  @Test
  void unreadableWrongTypeAndOversizedBodiesAreRefusedBeforeTheService() throws Exception {
    mvc.perform(as(post("/api/deployments")).contentType(MediaType.APPLICATION_JSON).content("{nope"))
        .andExpect(status().isBadRequest()).andExpect(jsonPath("$.title").value("Unreadable body"));
    mvc.perform(as(post("/api/deployments")).contentType(MediaType.APPLICATION_JSON).content("{\"replicas\": \"many\"}"))
        .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("at 'replicas'")));
    mvc.perform(as(post("/api/deployments")).contentType(MediaType.TEXT_PLAIN).content("web"))
        .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"));
    mvc.perform(as(post("/api/deployments")).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + "a".repeat(70_000) + "\"}"))
        .andExpect(status().isContentTooLarge()).andExpect(jsonPath("$.title").value("Body too large"));
    verify(service, never()).create(any(), any());
  }

  @Test
  void withoutATokenItIs401() throws Exception {
    mvc.perform(get("/api/deployments")).andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")));
  }

  @Test
  void notFoundConflictAndPreconditionFailedAreProblems() throws Exception {
    when(service.get(any(), eq(ID))).thenThrow(ApiException.notFound(ID));
    mvc.perform(as(get("/api/deployments/" + ID))).andExpect(status().isNotFound()).andExpect(jsonPath("$.type").value("/problems/not-found"));

    when(service.delete(any(), eq(ID), isNull(), any(), any())).thenThrow(ApiException.conflict("Already deleted", "deleted"));
    mvc.perform(as(delete("/api/deployments/" + ID))).andExpect(status().isConflict()).andExpect(jsonPath("$.title").value("Already deleted"));

    when(service.delete(any(), eq(ID), eq("\"old\""), any(), any()))
        .thenThrow(new ApiException(HttpStatus.PRECONDITION_FAILED, "Plan changed", "the plan changed"));
    mvc.perform(as(delete("/api/deployments/" + ID)).header("If-Match", "\"old\""))
        .andExpect(status().isPreconditionFailed()).andExpect(jsonPath("$.title").value("Plan changed"));

    when(service.purge(any(), eq(ID), any(), anyBoolean(), anyBoolean())).thenThrow(ApiException.conflict("Illegal transition", "cannot purge"));
    mvc.perform(as(post("/api/deployments/" + ID + "/purge"))).andExpect(status().isConflict());
  }

  @Test
  void theDeletionPlanCarriesItsEtagAndLifecycleRequestsAnswer202() throws Exception {
    when(service.plan(any(), eq(ID))).thenReturn(new DeletionPlan(ID, DeploymentStatus.RUNNING, List.of(), "\"abc\""));
    mvc.perform(as(get("/api/deployments/" + ID + "/deletion-plan"))).andExpect(status().isOk()).andExpect(header().string("ETag", "\"abc\""));
    when(service.request(any(), eq(ID), eq(Operation.STOP), any())).thenReturn(new LifecycleAck(ID, Operation.STOP, DeploymentStatus.STOPPED));
    mvc.perform(as(post("/api/deployments/" + ID + "/stop"))).andExpect(status().isAccepted()).andExpect(jsonPath("$.expected").value("STOPPED"));
  }

  @Test
  void aBadGraceIs400AndForceMeansNoGrace() throws Exception {
    mvc.perform(as(delete("/api/deployments/" + ID + "?grace=11m"))).andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.title").value("Invalid grace"));
    when(service.delete(any(), eq(ID), isNull(), any(), eq(0))).thenReturn(new LifecycleAck(ID, Operation.DELETE, DeploymentStatus.DELETED));
    mvc.perform(as(delete("/api/deployments/" + ID + "?force=true"))).andExpect(status().isAccepted());
    verify(service).delete(any(), eq(ID), isNull(), any(), eq(0));
  }
}
