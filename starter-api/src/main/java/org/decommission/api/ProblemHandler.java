package org.decommission.api;

import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem document. Spring's own exceptions (unreadable body, wrong
 * media type, missing parameter) keep their 4xx statuses through the base class; anything
 * unexpected is a 500 that says what to do, and is logged.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return ResponseEntity.status(e.status()).body(of(e));
  }

  /** The problem document of an {@link ApiException}. */
  public static ProblemDetail of(ApiException e) {
    ProblemDetail problem = problem(e.status(), e.title(), e.getMessage());
    if (!e.fieldErrors().isEmpty()) {
      problem.setProperty("errors", e.fieldErrors());
    }
    return problem;
  }

  /** The Temporal engine did not answer: nothing was accepted, and a retry may succeed. */
  @ExceptionHandler({io.grpc.StatusRuntimeException.class, io.temporal.client.WorkflowServiceException.class})
  ResponseEntity<ProblemDetail> engineUnavailable(RuntimeException e) {
    log.warn("Temporal engine unavailable: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Engine unavailable",
            "the Temporal engine did not answer (" + e.getMessage() + "); nothing was changed. Check /actuator/health and retry."));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "the request failed unexpectedly (" + e.getClass().getSimpleName()
                    + "); nothing was confirmed. Check the server log and retry."));
  }

  /**
   * An unreadable body: too large (a chunked body over the limit), or not JSON of the right
   * shape, in which case the problem names the field and what was wrong with it.
   */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      org.springframework.http.converter.HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof BodySizeLimit.TooLarge) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
            .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", "the request body is over the limit; nothing was changed"));
      }
    }
    String detail = "the body is not valid JSON for this request";
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.core.JacksonException jackson) {
        String path = jackson.getPath().stream()
            .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
            .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
        String why = jackson instanceof tools.jackson.databind.exc.UnrecognizedPropertyException unknown
            ? "no such field; known here: " + unknown.getKnownPropertyIds()
            : jackson.getOriginalMessage().lines().findFirst().orElse("");
        detail = (path.isEmpty() ? "" : "at '" + path + "': ") + why;
        break;
      }
    }
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Unreadable body", detail));
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem
        && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
      problem.setType(type(statusCode.value()));
    }
    return response;
  }

  public static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(type(status.value()));
    return problem;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Writes a problem document straight to a servlet response, for errors raised where no
   * controller advice applies (filters, the security chain, Tomcat's own error report).
   */
  public static void write(jakarta.servlet.http.HttpServletResponse response, int status, String title, String detail)
      throws java.io.IOException {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("type", type(status).toString());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(body));
  }

  public static URI type(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    String slug = known == null ? Integer.toString(status) : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return URI.create("/problems/" + slug);
  }
}
